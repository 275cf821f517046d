//! A small weighted graph: BFS, DFS, Dijkstra with a `BinaryHeap`, topological order,
//! union-find, a grid flood fill, and parsing from text.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet, VecDeque};
use std::fmt;
use std::str::FromStr;

use threadmgr::haltable;

/// A directed graph with weighted edges, as adjacency lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    adj: Vec<Vec<(usize, u64)>>,
}

/// The graph has a cycle, through this vertex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle(pub usize);

#[haltable]
impl Graph {
    /// A graph with `n` vertices and no edges.
    pub fn new(n: usize) -> Self {
        Graph {
            adj: vec![Vec::new(); n],
        }
    }

    /// The number of vertices.
    pub fn len(&self) -> usize {
        self.adj.len()
    }

    /// True if the graph has no vertices.
    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// Adds an edge `from -> to` of weight `weight`, growing the graph if needed.
    pub fn add_edge(&mut self, from: usize, to: usize, weight: u64) -> &mut Self {
        let needed = from.max(to) + 1;
        if self.adj.len() < needed {
            self.adj.resize_with(needed, Vec::new);
        }
        self.adj[from].push((to, weight));
        self
    }

    /// Adds edges both ways.
    pub fn add_undirected(&mut self, a: usize, b: usize, weight: u64) -> &mut Self {
        self.add_edge(a, b, weight).add_edge(b, a, weight)
    }

    /// The vertices that `v` has an edge to.
    pub fn neighbors(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.adj[v].iter().map(|&(to, _)| to)
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.adj.iter().map(Vec::len).sum()
    }

    /// Hop counts from `start` by breadth-first search (`None`: unreachable).
    pub fn bfs(&self, start: usize) -> Vec<Option<usize>> {
        let mut dist = vec![None; self.len()];
        let mut queue = VecDeque::new();
        dist[start] = Some(0);
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            let d = dist[v].expect("queued vertices have a distance");
            for next in self.neighbors(v) {
                if dist[next].is_none() {
                    dist[next] = Some(d + 1);
                    queue.push_back(next);
                }
            }
        }
        dist
    }

    /// A path with the fewest hops from `from` to `to`, both included.
    pub fn shortest_hops(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut parent: Vec<Option<usize>> = vec![None; self.len()];
        let mut seen = vec![false; self.len()];
        let mut queue = VecDeque::from([from]);
        seen[from] = true;
        'search: while let Some(v) = queue.pop_front() {
            for next in self.neighbors(v) {
                if seen[next] {
                    continue;
                }
                seen[next] = true;
                parent[next] = Some(v);
                if next == to {
                    break 'search;
                }
                queue.push_back(next);
            }
        }
        if !seen[to] {
            return None;
        }
        let mut path = vec![to];
        let mut cur = to;
        while let Some(p) = parent[cur] {
            path.push(p);
            cur = p;
        }
        path.reverse();
        Some(path)
    }

    /// Distances from `start` by Dijkstra's algorithm.
    pub fn dijkstra(&self, start: usize) -> Vec<Option<u64>> {
        let mut dist: Vec<Option<u64>> = vec![None; self.len()];
        let mut heap = BinaryHeap::new();
        dist[start] = Some(0);
        heap.push(Reverse((0u64, start)));
        while let Some(Reverse((d, v))) = heap.pop() {
            if dist[v].is_some_and(|best| d > best) {
                continue;
            }
            for &(next, w) in &self.adj[v] {
                let candidate = d + w;
                let better = match dist[next] {
                    None => true,
                    Some(current) => candidate < current,
                };
                if better {
                    dist[next] = Some(candidate);
                    heap.push(Reverse((candidate, next)));
                }
            }
        }
        dist
    }

    /// The order in which a recursive depth-first search from `start` first visits vertices.
    pub fn dfs_order(&self, start: usize) -> Vec<usize> {
        fn visit(graph: &Graph, v: usize, seen: &mut [bool], order: &mut Vec<usize>) {
            if seen[v] {
                return;
            }
            seen[v] = true;
            order.push(v);
            for next in graph.neighbors(v) {
                visit(graph, next, seen, order);
            }
        }

        let mut seen = vec![false; self.len()];
        let mut order = Vec::new();
        visit(self, start, &mut seen, &mut order);
        order
    }

    /// A topological order (Kahn's algorithm), or a vertex on a cycle.
    pub fn topological_order(&self) -> Result<Vec<usize>, Cycle> {
        let mut indegree = vec![0usize; self.len()];
        for edges in &self.adj {
            for &(to, _) in edges {
                indegree[to] += 1;
            }
        }
        let mut ready: Vec<usize> = (0..self.len()).filter(|&v| indegree[v] == 0).collect();
        ready.reverse();
        let mut order = Vec::with_capacity(self.len());
        while let Some(v) = ready.pop() {
            order.push(v);
            for next in self.neighbors(v) {
                indegree[next] -= 1;
                if indegree[next] == 0 {
                    ready.push(next);
                }
            }
        }
        if order.len() == self.len() {
            Ok(order)
        } else {
            let stuck = (0..self.len())
                .find(|&v| indegree[v] > 0)
                .expect("some vertex is left when the order is short");
            Err(Cycle(stuck))
        }
    }

    /// The number of weakly connected components.
    pub fn components(&self) -> usize {
        let mut sets = UnionFind::new(self.len());
        for (from, edges) in self.adj.iter().enumerate() {
            for &(to, _) in edges {
                sets.union(from, to);
            }
        }
        sets.count()
    }
}

impl fmt::Display for Graph {
    #[haltable]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (from, edges) in self.adj.iter().enumerate() {
            for (to, w) in edges {
                if !first {
                    f.write_str(", ")?;
                }
                first = false;
                write!(f, "{from}-{to}:{w}")?;
            }
        }
        Ok(())
    }
}

/// Parses `"0-1:5, 1-2:3"` (edges `from-to:weight`; the weight defaults to 1).
#[haltable]
impl FromStr for Graph {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut graph = Graph::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (edge, weight) = match part.split_once(':') {
                Some((edge, w)) => (edge, w.trim().parse().map_err(|e| format!("{part}: {e}"))?),
                None => (part, 1),
            };
            let Some((from, to)) = edge.split_once('-') else {
                return Err(format!("{part}: expected from-to"));
            };
            let parse = |v: &str| {
                v.trim()
                    .parse::<usize>()
                    .map_err(|e| format!("{part}: {e}"))
            };
            graph.add_edge(parse(from)?, parse(to)?, weight);
        }
        Ok(graph)
    }
}

/// Disjoint sets with path compression and union by size.
#[derive(Debug)]
pub struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
    count: usize,
}

#[haltable]
impl UnionFind {
    /// `n` singleton sets.
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
            count: n,
        }
    }

    /// The representative of `x`'s set.
    pub fn find(&mut self, x: usize) -> usize {
        let p = self.parent[x];
        if p == x {
            return x;
        }
        let root = self.find(p);
        self.parent[x] = root;
        root
    }

    /// Joins the sets of `a` and `b`; false if they were already one.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
        self.count -= 1;
        true
    }

    /// The number of sets.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// The number of cells reachable from `start` through `.` cells in a grid of `.` and `#`.
#[haltable]
pub fn flood_fill(grid: &[&str], (row, col): (usize, usize)) -> usize {
    let cells: Vec<&[u8]> = grid.iter().map(|line| line.as_bytes()).collect();
    let open = |(r, c): (usize, usize)| cells.get(r).and_then(|line| line.get(c)) == Some(&b'.');
    if !open((row, col)) {
        return 0;
    }
    let mut seen = HashSet::from([(row, col)]);
    let mut stack = vec![(row, col)];
    while let Some((r, c)) = stack.pop() {
        let around = [
            r.checked_sub(1).map(|r| (r, c)),
            Some((r + 1, c)),
            c.checked_sub(1).map(|c| (r, c)),
            Some((r, c + 1)),
        ];
        for next in around.into_iter().flatten() {
            if open(next) && seen.insert(next) {
                stack.push(next);
            }
        }
    }
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        "0-1:4, 0-2:1, 2-1:2, 1-3:1, 2-3:5, 3-4:3".parse().unwrap()
    }

    #[test]
    fn builds_and_prints() {
        let g = sample();
        assert_eq!(g.len(), 5);
        assert!(!g.is_empty());
        assert!(Graph::new(0).is_empty());
        assert_eq!(g.edge_count(), 6);
        assert_eq!(g.to_string(), "0-1:4, 0-2:1, 1-3:1, 2-1:2, 2-3:5, 3-4:3");
        assert_eq!(g.to_string().parse::<Graph>().unwrap(), g);
        assert_eq!("1-2, 2-0".parse::<Graph>().unwrap().edge_count(), 2);
        assert!("1-x".parse::<Graph>().unwrap_err().contains("1-x"));
        assert_eq!("1".parse::<Graph>().unwrap_err(), "1: expected from-to");
        assert!("1-2:w".parse::<Graph>().is_err());
    }

    #[test]
    fn searches() {
        let g = sample();
        assert_eq!(g.bfs(0), [Some(0), Some(1), Some(1), Some(2), Some(3)]);
        assert_eq!(g.bfs(4), [None, None, None, None, Some(0)]);
        assert_eq!(g.shortest_hops(0, 4), Some(vec![0, 1, 3, 4]));
        assert_eq!(g.shortest_hops(4, 0), None);
        assert_eq!(g.dfs_order(0), [0, 1, 3, 4, 2]);
        assert_eq!(g.dijkstra(0), [Some(0), Some(3), Some(1), Some(4), Some(7)]);
    }

    #[test]
    fn dijkstra_on_a_big_grid_matches_bfs_with_unit_weights() {
        let side = 60;
        let mut g = Graph::new(side * side);
        for r in 0..side {
            for c in 0..side {
                let v = r * side + c;
                if c + 1 < side {
                    g.add_undirected(v, v + 1, 1);
                }
                if r + 1 < side {
                    g.add_undirected(v, v + side, 1);
                }
            }
        }
        let hops: Vec<Option<u64>> = g.bfs(0).into_iter().map(|d| d.map(|d| d as u64)).collect();
        assert_eq!(g.dijkstra(0), hops);
        assert_eq!(g.dijkstra(0)[side * side - 1], Some(2 * (side as u64 - 1)));
        assert_eq!(g.components(), 1);
    }

    #[test]
    fn orders_and_components() {
        let g = sample();
        let order = g.topological_order().unwrap();
        let pos = |v: usize| order.iter().position(|&x| x == v).unwrap();
        for (from, edges) in g.adj.iter().enumerate() {
            for &(to, _) in edges {
                assert!(pos(from) < pos(to));
            }
        }
        let mut cyclic = sample();
        cyclic.add_edge(4, 1, 1);
        assert!(matches!(cyclic.topological_order(), Err(Cycle(v)) if [1, 3, 4].contains(&v)));
        let mut two = Graph::new(6);
        two.add_edge(0, 1, 1).add_edge(2, 1, 1).add_edge(3, 4, 1);
        assert_eq!(two.components(), 3);
        let mut uf = UnionFind::new(4);
        assert!(uf.union(0, 1));
        assert!(!uf.union(1, 0));
        assert_eq!(uf.find(1), uf.find(0));
        assert_eq!(uf.count(), 3);
    }

    #[test]
    fn flood_fills() {
        let grid = ["..#..", ".##..", "..#.#", "###..", "....."];
        assert_eq!(flood_fill(&grid, (0, 0)), 5);
        assert_eq!(flood_fill(&grid, (0, 3)), 12);
        assert_eq!(flood_fill(&grid, (0, 2)), 0);
        assert_eq!(flood_fill(&grid, (9, 9)), 0);
    }
}
