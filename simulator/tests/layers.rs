//! The simulator's modules import one another without a cycle (axum's way: the state in a leaf
//! module, `app.rs`; each area returning its own router; `routes.rs` putting them together), so
//! a module can be read, and changed, knowing only what it imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Each module's `crate::` imports (`crate::a::b`, `crate::{a, b}`), the binary's root excepted.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for entry in fs::read_dir(src).unwrap().flatten() {
        let path = entry.path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "rs") || name == "main" {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut imports = BTreeSet::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                group.split('}').next().unwrap_or("").split(',').collect()
            } else {
                vec![rest]
            };
            for name in names {
                let name = name.trim();
                let end =
                    name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len());
                if end > 0 {
                    imports.insert(name[..end].to_owned());
                }
            }
        }
        imports.remove(&name);
        graph.insert(name, imports);
    }
    graph
}

/// A cycle of `graph`, when it has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_simulator_s_modules_import_one_another_without_a_cycle() {
    let graph = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() > 15, "only {} modules found", graph.len());
    assert!(graph["routes"].contains("control"), "the scan misses brace imports: {graph:?}");
    if let Some(found) = cycle(&graph) {
        panic!("the simulator's modules import in a circle: {}", found.join(" → "));
    }
    // The state's leaf: what every handler has imports no handler.
    for handler in ["routes", "session", "services", "control", "pages"] {
        assert!(!graph["app"].contains(handler), "app imports {handler}");
        assert!(!graph["state"].contains(handler), "state imports {handler}");
    }
}

#[test]
fn a_circle_is_found() {
    let edges = |list: &[(&str, &[&str])]| {
        list.iter()
            .map(|(n, to)| (n.to_string(), to.iter().map(|t| t.to_string()).collect()))
            .collect::<BTreeMap<String, BTreeSet<String>>>()
    };
    let circle =
        edges(&[("routes", &["session"]), ("session", &["services"]), ("services", &["routes"])]);
    assert_eq!(cycle(&circle).unwrap(), ["routes", "session", "services", "routes"]);
    let line = edges(&[("routes", &["session"]), ("session", &["app"]), ("app", &[])]);
    assert_eq!(cycle(&line), None);
}
