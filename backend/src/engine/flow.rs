//! Minimum-cost maximum flow on a directed network with integer capacities and non-negative
//! integer costs.
//!
//! **What it computes.** [`FlowNetwork::min_cost_max_flow`] sends the largest possible flow from a
//! source to a sink and, among all maximum flows, one of least total cost (Σ flow × cost over the
//! edges). The welfare mode of [`super::allocation`] is its only user: students, projects and
//! supervisors become nodes, a student's list rank becomes an edge cost.
//!
//! **Algorithm.** Successive shortest paths with Johnson potentials: each phase runs Dijkstra on
//! the reduced costs `cost(u, v) + π(u) − π(v)` (never negative thanks to the potentials, which is
//! why the input costs must be non-negative), adds the distances to the potentials, then saturates
//! the subgraph of zero-reduced-cost residual edges with blocking flows (BFS levels, then
//! augmenting paths found by DFS with per-node edge cursors, as in Dinic's algorithm; the levels
//! keep zero-cost cycles from trapping the search). It stops when the sink is unreachable: the
//! flow is then maximum and, by the potentials' optimality conditions, of minimum cost.
//!
//! **Complexity.** With `V` nodes and `E` edges, a phase costs one Dijkstra, O(E log V), plus
//! Dinic's maximum flow on the admissible subgraph, O(V²·E) in general and far less on networks
//! with unit capacities on one side, such as the allocation's. Every phase augments at least one
//! unit and strictly increases the cost of the cheapest augmenting path, so there are at most
//! min(F, D) phases, where F is the maximum flow's value and D the number of distinct costs an
//! augmenting path can have (in the allocation network, about the longest preference list).
//! Memory is O(V + E).
//!
//! **Determinism.** Every search visits a node's edges in insertion order, so the same network
//! built in the same order always yields the same flow (ties between equally cheap flows are
//! broken by that order).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// An edge added with [`FlowNetwork::add_edge`], to read its flow after solving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeId(usize);

/// Value and cost of the flow found by [`FlowNetwork::min_cost_max_flow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowTotals {
    /// Units leaving the source (the maximum flow's value).
    pub flow: i64,
    /// Σ flow × cost over the edges (the least possible for that value).
    pub cost: i64,
}

/// A residual network: edges in arrays (edge `i ^ 1` is the reverse of edge `i`), adjacency in
/// insertion order so that every search visits edges in input order (determinism).
#[derive(Debug, Clone)]
pub struct FlowNetwork {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<i64>,
}

impl FlowNetwork {
    /// A network with nodes `0..nodes` and no edges.
    pub fn new(nodes: usize) -> FlowNetwork {
        FlowNetwork {
            adj: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    fn push_edge(&mut self, u: usize, v: usize, cap: i64, cost: i64) -> usize {
        let id = self.to.len();
        self.to.push(v);
        self.cap.push(cap);
        self.cost.push(cost);
        self.adj[u].push(id);
        id
    }

    /// Adds an edge `from → to` carrying at most `capacity` units at `cost` per unit. Both must be
    /// non-negative; nodes must be below the `nodes` given to [`FlowNetwork::new`] (else this
    /// panics). Parallel edges are allowed.
    pub fn add_edge(&mut self, from: usize, to: usize, capacity: i64, cost: i64) -> EdgeId {
        debug_assert!(capacity >= 0 && cost >= 0, "negative capacity or cost");
        let id = self.push_edge(from, to, capacity, cost);
        self.push_edge(to, from, 0, -cost);
        EdgeId(id)
    }

    /// The flow an edge carries: zero before [`FlowNetwork::min_cost_max_flow`], afterwards its
    /// share of the solution.
    pub fn flow(&self, edge: EdgeId) -> i64 {
        // The reverse edge starts empty and gains exactly what the edge carries.
        self.cap[edge.0 ^ 1]
    }

    fn admissible(&self, id: usize, u: usize, pot: &[i64]) -> bool {
        self.cap[id] > 0 && self.cost[id] + pot[u] - pot[self.to[id]] == 0
    }

    /// Sends a maximum flow of minimum cost from `source` to `sink` and returns its totals; read
    /// each edge's share with [`FlowNetwork::flow`]. Call it once, after adding every edge (the
    /// potentials start from a network that carries no flow yet).
    ///
    /// Successive shortest paths: Dijkstra on reduced costs (all non-negative thanks to the
    /// potentials), then blocking flows on the zero-reduced-cost subgraph, levelled by BFS so that
    /// zero-cost cycles cannot trap the search. Ends when the sink is unreachable: the flow is then
    /// maximum and, among maximum flows, of minimum cost.
    pub fn min_cost_max_flow(&mut self, source: usize, sink: usize) -> FlowTotals {
        let (s, t) = (source, sink);
        let nodes = self.adj.len();
        let mut totals = FlowTotals { flow: 0, cost: 0 };
        let mut pot = vec![0i64; nodes];
        let mut dist = vec![i64::MAX; nodes];
        let mut level = vec![u32::MAX; nodes];
        let mut iter = vec![0usize; nodes];
        let mut queue = VecDeque::new();
        let mut heap = BinaryHeap::new();
        loop {
            dist.iter_mut().for_each(|d| *d = i64::MAX);
            dist[s] = 0;
            heap.clear();
            heap.push(Reverse((0i64, s)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &id in &self.adj[u] {
                    if self.cap[id] > 0 {
                        let v = self.to[id];
                        let nd = d + self.cost[id] + pot[u] - pot[v];
                        if nd < dist[v] {
                            dist[v] = nd;
                            heap.push(Reverse((nd, v)));
                        }
                    }
                }
            }
            if dist[t] == i64::MAX {
                return totals;
            }
            for v in 0..nodes {
                if dist[v] != i64::MAX {
                    pot[v] += dist[v];
                }
            }
            // Every admissible path has zero reduced cost, so its real cost is π(t) − π(s).
            let path_cost = pot[t] - pot[s];
            loop {
                level.iter_mut().for_each(|l| *l = u32::MAX);
                level[s] = 0;
                queue.clear();
                queue.push_back(s);
                while let Some(u) = queue.pop_front() {
                    for &id in &self.adj[u] {
                        let v = self.to[id];
                        if level[v] == u32::MAX
                            && dist[v] != i64::MAX
                            && self.admissible(id, u, &pot)
                        {
                            level[v] = level[u] + 1;
                            queue.push_back(v);
                        }
                    }
                }
                if level[t] == u32::MAX {
                    break;
                }
                iter.iter_mut().for_each(|i| *i = 0);
                loop {
                    let f = self.augment(s, t, &level, &pot, &mut iter);
                    if f == 0 {
                        break;
                    }
                    totals.flow += f;
                    totals.cost += f * path_cost;
                }
            }
        }
    }

    /// One augmenting path along admissible, level-increasing edges (iterative DFS with per-node
    /// edge cursors, as in Dinic's algorithm). Returns the units pushed, 0 when none is left.
    fn augment(
        &mut self,
        s: usize,
        t: usize,
        level: &[u32],
        pot: &[i64],
        iter: &mut [usize],
    ) -> i64 {
        let mut path: Vec<usize> = Vec::new();
        let mut u = s;
        loop {
            if u == t {
                let f = path.iter().map(|&id| self.cap[id]).min().unwrap_or(0);
                for &id in &path {
                    self.cap[id] -= f;
                    self.cap[id ^ 1] += f;
                }
                return f;
            }
            let mut advanced = false;
            while iter[u] < self.adj[u].len() {
                let id = self.adj[u][iter[u]];
                let v = self.to[id];
                if level[v] == level[u].wrapping_add(1) && self.admissible(id, u, pot) {
                    path.push(id);
                    u = v;
                    advanced = true;
                    break;
                }
                iter[u] += 1;
            }
            if !advanced {
                // Dead end: retreat and skip the edge that led here.
                let Some(id) = path.pop() else {
                    return 0;
                };
                u = self.to[id ^ 1];
                iter[u] += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two students `a`, `b` and two projects `x`, `y` of capacity 1: the cheapest first path
    /// (`a → x`) must be undone through its reverse edge so that both students are placed, at the
    /// least cost 1 (`a → y`, `b → x`) rather than 5 (`a → x`, `b → y`).
    #[test]
    fn reroutes_through_a_reverse_edge_for_the_cheapest_maximum_flow() {
        let (s, a, b, x, y, t) = (0, 1, 2, 3, 4, 5);
        let mut g = FlowNetwork::new(6);
        g.add_edge(s, a, 1, 0);
        g.add_edge(s, b, 1, 0);
        let ax = g.add_edge(a, x, 1, 0);
        let ay = g.add_edge(a, y, 1, 1);
        let bx = g.add_edge(b, x, 1, 0);
        let by = g.add_edge(b, y, 1, 5);
        g.add_edge(x, t, 1, 0);
        g.add_edge(y, t, 1, 0);
        assert_eq!(g.min_cost_max_flow(s, t), FlowTotals { flow: 2, cost: 1 });
        assert_eq!(
            [g.flow(ax), g.flow(ay), g.flow(bx), g.flow(by)],
            [0, 1, 1, 0]
        );
    }

    /// Capacities above 1 and paths of different lengths: all three units must go, one of them
    /// on the dear `a → t` edge, for a cost worked out by hand as 2 + 2 + 1 + 3 + 2 = 10.
    #[test]
    fn splits_flow_across_paths_at_the_known_minimum_cost() {
        let (s, a, b, t) = (0, 1, 2, 3);
        let mut g = FlowNetwork::new(4);
        let sa = g.add_edge(s, a, 2, 1);
        let sb = g.add_edge(s, b, 1, 2);
        let ab = g.add_edge(a, b, 1, 1);
        let at = g.add_edge(a, t, 1, 3);
        let bt = g.add_edge(b, t, 2, 1);
        assert_eq!(g.min_cost_max_flow(s, t), FlowTotals { flow: 3, cost: 10 });
        assert_eq!(
            [g.flow(sa), g.flow(sb), g.flow(ab), g.flow(at), g.flow(bt)],
            [2, 1, 1, 1, 2]
        );
    }

    #[test]
    fn a_disconnected_sink_gets_no_flow() {
        let (s, a, b, t) = (0, 1, 2, 3);
        let mut g = FlowNetwork::new(4);
        let sa = g.add_edge(s, a, 3, 1);
        let ab = g.add_edge(a, b, 3, 1);
        // Only an edge *out of* the sink: it is unreachable from the source.
        let tb = g.add_edge(t, b, 3, 0);
        assert_eq!(g.min_cost_max_flow(s, t), FlowTotals { flow: 0, cost: 0 });
        assert_eq!([g.flow(sa), g.flow(ab), g.flow(tb)], [0, 0, 0]);
    }
}
