//! `cargo xtask cycles`: finds cycles between the modules of each crate of the workspace.
//!
//! Why: a cycle means two files cannot be read, tested or moved to another crate one without
//! the other, and it is how one engine quietly grows into two APIs' rules. The check parses
//! every module with `syn` and draws an edge from a module to each module whose items it names:
//! private `use` items and paths in code that start at `crate`, `self`, `super`, a child
//! module or an imported module. Re-exports (`pub use`) are a facade, not a dependency: a path
//! through one is followed to the module that defines the item. `#[cfg(test)]` modules are left
//! out (a test module reaching into its parent is not a cycle), and so are edges from a module
//! to its own descendants: a `mod.rs` or crate root that wires its children together while they
//! share its context type is the tree itself. A loop through two siblings (or cousins) is what
//! this finds, at any depth. Paths inside macro invocations
//! are token streams and are not seen; the check may miss an edge but never invents one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module's absolute path inside its crate (`[]` is the crate root).
type ModPath = Vec<String>;

/// One module: where it lives and what it says about names.
#[derive(Default)]
struct Module {
    file: PathBuf,
    items: Vec<syn::Item>,
    children: BTreeSet<String>,
    /// Items defined here (types, functions, constants, traits, macros).
    defined: BTreeSet<String>,
    /// `use` leaves, by the name they bind: (segments as written, is a re-export).
    imports: BTreeMap<String, (Vec<String>, bool)>,
    /// `pub use path::*` targets, as written.
    glob_reexports: Vec<Vec<String>>,
}

/// A crate's modules, by path.
struct Crate {
    name: String,
    modules: BTreeMap<ModPath, Module>,
}

/// Every cycle found in the crates under `workspace` (each `*/src/lib.rs` and `*/src/main.rs`),
/// described for a person; empty when there is none.
pub fn find(workspace: &Path) -> Result<Vec<String>, String> {
    let mut roots = Vec::new();
    let entries =
        std::fs::read_dir(workspace).map_err(|e| format!("{}: {e}", workspace.display()))?;
    for entry in entries.flatten() {
        for root in ["src/lib.rs", "src/main.rs"] {
            let file = entry.path().join(root);
            if file.is_file() && entry.path().join("Cargo.toml").is_file() {
                roots.push(file);
            }
        }
    }
    roots.sort();
    let mut found = Vec::new();
    for root in roots {
        let krate = load(&root)?;
        found.extend(cycles_of(&krate));
    }
    Ok(found)
}

fn load(root: &Path) -> Result<Crate, String> {
    let name = root
        .parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .map(|n| {
            format!(
                "{} ({})",
                n.to_string_lossy(),
                root.file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let mut modules = BTreeMap::new();
    let text = std::fs::read_to_string(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", root.display()))?;
    let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    add_module(
        &mut modules,
        Vec::new(),
        root.to_path_buf(),
        dir,
        file.items,
    )?;
    Ok(Crate { name, modules })
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && {
            let tokens = a
                .meta
                .require_list()
                .map(|l| l.tokens.to_string())
                .unwrap_or_default();
            tokens
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|t| t == "test")
        }
    })
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("path"))
        .and_then(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
}

/// Adds the module at `path` and, recursively, its children. `dir` is where its `mod x;`
/// children's files are looked for.
fn add_module(
    modules: &mut BTreeMap<ModPath, Module>,
    path: ModPath,
    file: PathBuf,
    dir: PathBuf,
    items: Vec<syn::Item>,
) -> Result<(), String> {
    let mut module = Module {
        file: file.clone(),
        ..Module::default()
    };
    let mut kept = Vec::new();
    for item in items {
        match item {
            syn::Item::Mod(m) if is_cfg_test(&m.attrs) => {}
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                module.children.insert(name.clone());
                let mut child = path.clone();
                child.push(name.clone());
                match m.content {
                    Some((_, inner)) => {
                        add_module(modules, child, file.clone(), dir.join(&name), inner)?
                    }
                    None => {
                        let (child_file, child_dir) = match path_attr(&m.attrs) {
                            Some(p) => {
                                let f = file
                                    .parent()
                                    .map(|d| d.join(&p))
                                    .unwrap_or_else(|| PathBuf::from(&p));
                                let d = f.parent().map(Path::to_path_buf).unwrap_or_default();
                                (f, d)
                            }
                            None => {
                                let flat = dir.join(format!("{name}.rs"));
                                if flat.is_file() {
                                    (flat, dir.join(&name))
                                } else {
                                    (dir.join(&name).join("mod.rs"), dir.join(&name))
                                }
                            }
                        };
                        let text = std::fs::read_to_string(&child_file)
                            .map_err(|e| format!("{}: {e}", child_file.display()))?;
                        let parsed = syn::parse_file(&text)
                            .map_err(|e| format!("{}: {e}", child_file.display()))?;
                        add_module(modules, child, child_file, child_dir, parsed.items)?;
                    }
                }
            }
            syn::Item::Use(u) => {
                let reexport = !matches!(u.vis, syn::Visibility::Inherited);
                let mut leaves = Vec::new();
                use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
                for (bound, segments) in leaves {
                    match bound {
                        Some(name) => {
                            module.imports.insert(name, (segments, reexport));
                        }
                        None if reexport => module.glob_reexports.push(segments),
                        None => {}
                    }
                }
                kept.push(syn::Item::Use(u));
            }
            other => {
                if let Some(name) = defined_name(&other) {
                    module.defined.insert(name);
                }
                kept.push(other);
            }
        }
    }
    module.items = kept;
    modules.insert(path, module);
    Ok(())
}

fn defined_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// Flattens a use tree into (the name it binds or `None` for a glob, the full path).
fn use_leaves(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Option<String>, Vec<String>)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.push((Some(last.clone()), prefix.clone()));
                }
            } else {
                let mut full = prefix.clone();
                full.push(name.clone());
                out.push((Some(name), full));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            let name = r.ident.to_string();
            if name != "self" {
                full.push(name);
            }
            out.push((Some(r.rename.to_string()), full));
        }
        syn::UseTree::Glob(_) => out.push((None, prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, prefix, out);
            }
        }
    }
}

impl Crate {
    /// Turns a path as written in module `from` into an absolute path in this crate, or `None`
    /// for a path into another crate.
    fn absolute(&self, from: &ModPath, segments: &[String], depth: usize) -> Option<Vec<String>> {
        let first = segments.first()?;
        let module = self.modules.get(from)?;
        let (mut base, rest) = match first.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "self" => (from.clone(), &segments[1..]),
            "super" => {
                let mut base = from.clone();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                (base, rest)
            }
            name if module.children.contains(name) => {
                let mut base = from.clone();
                base.push(name.to_string());
                (base, &segments[1..])
            }
            name => {
                let (written, _) = module.imports.get(name)?;
                if depth > 8 || written.first() == Some(first) && written.len() == 1 {
                    return None;
                }
                let mut base = self.absolute(from, written, depth + 1)?;
                base.extend(segments[1..].iter().cloned());
                return Some(base);
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module that defines what an absolute path names, following re-exports.
    fn defining_module(&self, absolute: &[String], depth: usize) -> Option<ModPath> {
        let mut module: ModPath = Vec::new();
        let mut rest = absolute;
        while let Some(next) = rest.first() {
            let mut child = module.clone();
            child.push(next.clone());
            if self.modules.contains_key(&child) {
                module = child;
                rest = &rest[1..];
            } else {
                break;
            }
        }
        let Some(name) = rest.first() else {
            return Some(module);
        };
        let info = self.modules.get(&module)?;
        if info.defined.contains(name) || depth > 8 {
            return Some(module);
        }
        if let Some((written, true)) = info.imports.get(name) {
            let mut target = self.absolute(&module, written, 0)?;
            target.extend(rest[1..].iter().cloned());
            return self.defining_module(&target, depth + 1);
        }
        for glob in &info.glob_reexports {
            if let Some(glob_abs) = self.absolute(&module, glob, 0) {
                let mut target = glob_abs;
                target.extend(rest.iter().cloned());
                if let Some(found) = self.defining_module(&target, depth + 1) {
                    if found != module {
                        return Some(found);
                    }
                }
            }
        }
        Some(module)
    }

    /// Edges out of one module: target → an example of the path that makes it.
    fn edges(&self, from: &ModPath) -> BTreeMap<ModPath, String> {
        let mut edges = BTreeMap::new();
        let Some(module) = self.modules.get(from) else {
            return edges;
        };
        let mut paths: Vec<Vec<String>> = Vec::new();
        for (written, reexport) in module.imports.values() {
            if !reexport {
                paths.push(written.clone());
            }
        }
        let mut collector = PathCollector { paths: Vec::new() };
        for item in &module.items {
            if !matches!(item, syn::Item::Use(_)) {
                collector.visit_item(item);
            }
        }
        paths.extend(collector.paths);
        for written in paths {
            let Some(absolute) = self.absolute(from, &written, 0) else {
                continue;
            };
            let Some(target) = self.defining_module(&absolute, 0) else {
                continue;
            };
            // A parent assembling its children (calling them, building from them) is the
            // module tree itself, not a cycle: only edges to a non-descendant count.
            if !target.starts_with(from) {
                edges.entry(target).or_insert_with(|| written.join("::"));
            }
        }
        edges
    }
}

/// Collects multi-segment paths written in code.
struct PathCollector {
    paths: Vec<Vec<String>>,
}

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.segments.len() > 1 && path.leading_colon.is_none() {
            self.paths
                .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {}
}

fn show(path: &ModPath) -> String {
    if path.is_empty() {
        "crate".to_string()
    } else {
        path.join("::")
    }
}

/// The strongly connected components with more than one module, each described with the
/// edges inside it.
fn cycles_of(krate: &Crate) -> Vec<String> {
    let nodes: Vec<ModPath> = krate.modules.keys().cloned().collect();
    let index: BTreeMap<&ModPath, usize> = nodes.iter().enumerate().map(|(i, n)| (n, i)).collect();
    let edges: Vec<BTreeMap<ModPath, String>> = nodes.iter().map(|n| krate.edges(n)).collect();
    let adjacency: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.keys().filter_map(|t| index.get(t).copied()).collect())
        .collect();
    let mut found = Vec::new();
    for component in strongly_connected(&adjacency) {
        if component.len() < 2 {
            continue;
        }
        let members: BTreeSet<usize> = component.iter().copied().collect();
        let mut text = format!("{}: a cycle among", krate.name);
        for m in &members {
            let _ = write!(text, " {}", show(&nodes[*m]));
        }
        for m in &members {
            for (target, example) in &edges[*m] {
                if index.get(target).is_some_and(|t| members.contains(t)) {
                    let file = krate
                        .modules
                        .get(&nodes[*m])
                        .map(|m| m.file.display().to_string())
                        .unwrap_or_default();
                    let _ = write!(
                        text,
                        "\n  {} -> {} (`{example}` in {file})",
                        show(&nodes[*m]),
                        show(target)
                    );
                }
            }
        }
        found.push(text);
    }
    found
}

/// Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adjacency.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut components = Vec::new();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&w) = adjacency[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    components.push(component);
                }
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_crate(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "xtask-cycles-{}-{}",
            std::process::id(),
            files.len() * 31 + files.first().map(|f| f.1.len()).unwrap_or(0)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let krate = dir.join("demo");
        for (path, text) in files {
            let file = krate.join(path);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        std::fs::write(krate.join("Cargo.toml"), "[package]\nname = \"demo\"\n").expect("write");
        dir
    }

    #[test]
    fn a_cycle_through_a_reexport_and_a_super_path_is_found() {
        let dir = write_crate(&[
            ("src/lib.rs", "mod client;\nmod error;\npub mod v3;\n"),
            (
                "src/client.rs",
                "use crate::error::Error;\npub struct Client;\n",
            ),
            (
                "src/error.rs",
                "pub enum Error { V3(crate::v3::V3Error) }\n",
            ),
            ("src/v3/mod.rs", "mod errors;\npub use errors::V3Error;\n"),
            (
                "src/v3/errors.rs",
                "pub struct V3Error(super::super::client::Client);\n",
            ),
        ]);
        let found = find(&dir).expect("parses");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("client error v3::errors"), "{}", found[0]);
        assert!(
            found[0].contains("error -> v3::errors (`crate::v3::V3Error`"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn facades_children_and_test_modules_make_no_cycle() {
        let dir = write_crate(&[
            (
                "src/lib.rs",
                "pub mod a;\nmod b;\npub use a::Thing;\nfn f() -> a::Thing { b::make() }\n\
                 #[cfg(test)]\nmod tests { use super::*; }\n",
            ),
            (
                "src/a.rs",
                "pub struct Thing;\n#[cfg(test)]\nmod tests { use crate::b::make; }\n",
            ),
            (
                "src/b.rs",
                "use crate::a::Thing;\npub fn make() -> Thing { Thing }\n",
            ),
        ]);
        assert_eq!(find(&dir).expect("parses"), Vec::<String>::new());
    }

    #[test]
    fn the_workspace_has_no_module_cycles() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace");
        let found = find(workspace).expect("every crate parses");
        assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
    }
}
