//! Shared by the reliability tests: the scale they run at and a repeatable random source.
#![allow(dead_code)]

/// `MILEPOST_RELIABILITY=full` (as `scripts/reliability.sh` sets it) asks for the full counts;
/// otherwise the reduced ones `cargo test` runs.
pub fn full() -> bool {
    std::env::var("MILEPOST_RELIABILITY").is_ok_and(|v| v == "full")
}

/// A small deterministic random source (xorshift), so that a failing run can be repeated.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index into something `n` long.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }
}
