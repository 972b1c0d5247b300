//! The dependency network as compressed adjacency arrays: links grouped by successor (for the
//! forward pass) and by predecessor (for the backward pass), topological order in linear time,
//! and cycle naming.

use crate::error::{Error, Result};

/// Links `(predecessor, successor)` between tasks `0..n`, indexed both ways.
pub struct Graph {
    links: Vec<(usize, usize)>,
    /// `by_succ[by_succ_off[q]..by_succ_off[q + 1]]`: indices of the links into task `q`.
    by_succ_off: Vec<usize>,
    by_succ: Vec<usize>,
    /// `by_pred[by_pred_off[p]..by_pred_off[p + 1]]`: indices of the links out of task `p`.
    by_pred_off: Vec<usize>,
    by_pred: Vec<usize>,
}

/// Counting sort of link indices by one end.
fn group(
    n: usize,
    links: &[(usize, usize)],
    end: impl Fn(&(usize, usize)) -> usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut off = vec![0usize; n + 1];
    for l in links {
        off[end(l) + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let mut next = off.clone();
    let mut grouped = vec![0usize; links.len()];
    for (i, l) in links.iter().enumerate() {
        let slot = &mut next[end(l)];
        grouped[*slot] = i;
        *slot += 1;
    }
    (off, grouped)
}

impl Graph {
    /// Build from links `(pred, succ)`; link `i` keeps index `i` for its attributes.
    pub fn new(n: usize, links: Vec<(usize, usize)>) -> Graph {
        let (by_succ_off, by_succ) = group(n, &links, |l| l.1);
        let (by_pred_off, by_pred) = group(n, &links, |l| l.0);
        Graph {
            links,
            by_succ_off,
            by_succ,
            by_pred_off,
            by_pred,
        }
    }

    pub fn len(&self) -> usize {
        self.by_succ_off.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn link(&self, i: usize) -> (usize, usize) {
        self.links[i]
    }

    /// Indices of the links into task `q`, in the order they were given.
    pub fn links_into(&self, q: usize) -> &[usize] {
        &self.by_succ[self.by_succ_off[q]..self.by_succ_off[q + 1]]
    }

    /// Indices of the links out of task `p`.
    pub fn links_out_of(&self, p: usize) -> &[usize] {
        &self.by_pred[self.by_pred_off[p]..self.by_pred_off[p + 1]]
    }

    /// Tasks ordered so that every predecessor comes before its successors (Kahn), or the error
    /// names a cycle as `A -> B -> A` using `keys`.
    pub fn topological_order(&self, keys: &[&str]) -> Result<Vec<usize>> {
        let n = self.len();
        let mut indegree: Vec<usize> = (0..n).map(|q| self.links_into(q).len()).collect();
        let mut order: Vec<usize> = (0..n).filter(|i| indegree[*i] == 0).collect();
        order.reserve(n);
        let mut head = 0;
        while head < order.len() {
            let p = order[head];
            head += 1;
            for &li in self.links_out_of(p) {
                let q = self.links[li].1;
                indegree[q] -= 1;
                if indegree[q] == 0 {
                    order.push(q);
                }
            }
        }
        if order.len() == n {
            return Ok(order);
        }
        // Every task left has a predecessor left; walking those must revisit one: a cycle.
        let start = (0..n).find(|i| indegree[*i] > 0).unwrap_or(0);
        let mut position = vec![usize::MAX; n];
        let mut path = vec![];
        let mut at = start;
        while position[at] == usize::MAX {
            position[at] = path.len();
            path.push(at);
            at = self
                .links_into(at)
                .iter()
                .map(|&li| self.links[li].0)
                .find(|p| indegree[*p] > 0)
                .unwrap_or(at);
        }
        let mut cycle: Vec<&str> = path[position[at]..]
            .iter()
            .rev()
            .map(|i| keys[*i])
            .collect();
        cycle.push(cycle[0]);
        Err(Error::Cycle(cycle.join(" -> ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_names_cycles() {
        let g = Graph::new(4, vec![(0, 1), (1, 2), (0, 2), (3, 0)]);
        assert_eq!(
            g.topological_order(&["A", "B", "C", "D"]).unwrap(),
            vec![3, 0, 1, 2]
        );
        assert_eq!(g.links_into(2), &[1, 2]);
        assert_eq!(g.links_out_of(0), &[0, 2]);
        let g = Graph::new(3, vec![(0, 1), (1, 2), (2, 1)]);
        let err = g
            .topological_order(&["A", "B", "C"])
            .unwrap_err()
            .to_string();
        assert!(
            err == "dependency cycle: B -> C -> B" || err == "dependency cycle: C -> B -> C",
            "{err}"
        );
    }
}
