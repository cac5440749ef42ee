//! The library's modules are layers (see `src/lib.rs`): each module uses
//! only modules below it, and inside a module's directory each file uses
//! only files below it. A circle of imports hides which rule owns what and
//! makes every change to one module a change to all of them, so this test
//! fails on one and names it, with the lines that close it.
//!
//! It reads every library source file (not the binary's `src/main.rs` and
//! `src/cli/`) and follows the paths that name the crate's own modules:
//! `crate::…`, `super::…`, `self::…` and a child module's name, in `use`
//! declarations and in code. Comments, strings and `#[cfg(test)]` items are
//! left out: a test may use anything. A `pub use` of a module's own child
//! is its table of contents, not a dependency, unless the module uses the
//! name itself; a path through it counts as a path to the file that
//! defines the item.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::Path;

/// A module as the path from the crate root: `[]` is `src/lib.rs`,
/// `["render", "pack"]` is `src/render/pack/mod.rs`.
type ModulePath = Vec<String>;

#[test]
fn library_modules_and_the_files_of_each_module_form_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_library(&root, &root, &mut files);
    assert!(files.len() > 20, "found only {} files in src/", files.len());
    let circles = circles(&files);
    assert!(
        circles.is_empty(),
        "imports go round in a circle; move the shared piece down a layer \
         (see src/lib.rs) or into a file of its own:\n\n{}",
        circles.join("\n\n")
    );
}

#[test]
fn a_circle_is_named_with_the_lines_that_close_it() {
    let files = [
        (
            "src/lib.rs",
            "pub mod model;\npub mod marking;\nmod sheet;\nmod view;\n",
        ),
        ("src/model.rs", "use crate::marking::Marking;\n"),
        (
            "src/marking.rs",
            "// crate::sheet in a comment is no import\n\
             pub fn f() -> crate::model::Plan { todo!() }\n\
             #[cfg(test)]\nmod tests { use crate::sheet::Sheet; }\n",
        ),
        (
            "src/sheet/mod.rs",
            "mod cells;\npub use cells::Cell;\nfn f() { diff::x() }\nmod diff;\n",
        ),
        ("src/sheet/cells.rs", "use super::diff;\n"),
        ("src/sheet/diff.rs", "use super::Cell;\n"),
        (
            "src/view/mod.rs",
            "mod row;\npub use row::Row;\npub struct Context;\nfn row() -> Row { todo!() }\n",
        ),
        ("src/view/row.rs", "pub struct Row(super::Context);\n"),
    ]
    .map(|(path, text)| (path.to_string(), text.to_string()));
    let circles = circles(&files);
    assert_eq!(circles.len(), 3, "{circles:#?}");
    assert!(
        circles[0].starts_with("the modules of the crate: marking → model → marking\n"),
        "{}",
        circles[0]
    );
    assert!(circles[0].contains("src/model.rs:1 uses crate::marking::Marking"));
    assert!(circles[0].contains("src/marking.rs:2 uses crate::model::Plan"));
    assert!(!circles[0].contains("sheet"), "{}", circles[0]);
    assert!(
        circles[1].starts_with("the files of `sheet`: cells → diff → cells\n"),
        "{}",
        circles[1]
    );
    assert!(
        circles[2].starts_with("the files of `view`: mod → row → mod\n"),
        "{}",
        circles[2]
    );
    assert!(circles[2].contains("src/view/mod.rs:4 uses Row (re-exported from row::Row)"));
}

/// Every `.rs` file under `dir`, as (`src/…` path, text), without the
/// binary's files.
fn read_library(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if relative == "main.rs" || relative == "cli" {
            continue;
        }
        if path.is_dir() {
            read_library(root, &path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push((
                format!("src/{relative}"),
                fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

/// One sentence per circle, each followed by the lines that make it.
fn circles(files: &[(String, String)]) -> Vec<String> {
    let sources: Vec<Source> = files
        .iter()
        .map(|(shown, text)| Source::new(shown, text))
        .collect();
    let library = Library::new(&sources);
    // The graph of each directory module, the crate root's first: its
    // nodes are the module's own file ("mod") and each child, a child
    // directory standing for everything beneath it.
    let mut graphs: BTreeMap<ModulePath, Graph> = BTreeMap::new();
    for source in &sources {
        for import in &source.imports {
            if import.re_exports_child.is_some() {
                continue;
            }
            let target = library.resolve(&import.path);
            let Some((module, from, to)) = step(&source.module, &target) else {
                continue;
            };
            graphs
                .entry(module)
                .or_default()
                .entry((from, to))
                .or_default()
                .push(format!(
                    "{}:{} uses {}",
                    source.shown, import.line, import.written
                ));
        }
    }
    let mut found = Vec::new();
    for (module, graph) in &graphs {
        let whose = if module.is_empty() {
            "the modules of the crate".to_string()
        } else {
            format!("the files of `{}`", module.join("::"))
        };
        for component in tangles(graph) {
            let circle = circle_through(graph, &component);
            let mut text = format!("{whose}: {}\n", circle.join(" → "));
            for pair in circle.windows(2) {
                let lines = &graph[&(pair[0].clone(), pair[1].clone())];
                text.push_str(&format!(
                    "  {} → {}: {}\n",
                    pair[0],
                    pair[1],
                    lines.join("; ")
                ));
            }
            let others: Vec<&str> = component
                .iter()
                .filter(|node| !circle.contains(node))
                .map(String::as_str)
                .collect();
            if !others.is_empty() {
                text.push_str(&format!(
                    "  and in circles with them: {}\n",
                    others.join(", ")
                ));
            }
            found.push(text);
        }
    }
    found
}

/// (from node, to node) → where the source makes that step.
type Graph = BTreeMap<(String, String), Vec<String>>;

/// The directory module in whose graph a reference from `from` to `to` is
/// a step, with the two nodes; `None` within one file.
fn step(from: &ModulePath, to: &ModulePath) -> Option<(ModulePath, String, String)> {
    let shared = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let node = |path: &ModulePath| path.get(shared).cloned().unwrap_or_else(|| "mod".into());
    let (a, b) = (node(from), node(to));
    (a != b).then(|| (from[..shared].to_vec(), a, b))
}

/// The strongly connected parts of `graph` with more than one node
/// (Tarjan's algorithm), each sorted.
fn tangles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        next: BTreeMap<&'g str, Vec<&'g str>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, node: &'g str) {
            let index = self.index.len();
            self.index.insert(node, index);
            self.low.insert(node, index);
            self.stack.push(node);
            for next in self.next.get(node).cloned().unwrap_or_default() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.stack.contains(&next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let at = self.stack.iter().position(|n| *n == node).unwrap();
                let mut part: Vec<String> = self.stack.drain(at..).map(str::to_string).collect();
                if part.len() > 1 {
                    part.sort();
                    self.found.push(part);
                }
            }
        }
    }
    let mut walk = Walk {
        next: BTreeMap::new(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for (from, to) in graph.keys() {
        walk.next.entry(from).or_default().push(to);
    }
    let nodes: Vec<&str> = walk.next.keys().copied().collect();
    for node in nodes {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.found.sort();
    walk.found
}

/// A shortest circle from the first node of `part` back to it, within `part`.
fn circle_through(graph: &Graph, part: &[String]) -> Vec<String> {
    let start = &part[0];
    let mut came_from: BTreeMap<&String, &String> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for (from, to) in graph.keys() {
            if from != node || !part.contains(to) {
                continue;
            }
            if to == start {
                let mut circle = vec![start.clone(), node.clone()];
                let mut at = node;
                while let Some(previous) = came_from.get(at) {
                    circle.push((*previous).clone());
                    at = previous;
                }
                // start, node, …, start's successor: read backwards.
                circle.reverse();
                return circle;
            }
            if !came_from.contains_key(to) {
                came_from.insert(to, node);
                queue.push_back(to);
            }
        }
    }
    part.to_vec()
}

/// One library file: where it is, and the paths it names.
struct Source {
    shown: String,
    module: ModulePath,
    /// Names this file binds with `use` → the absolute path bound.
    bindings: BTreeMap<String, ModulePath>,
    imports: Vec<Import>,
    /// `#[macro_export]` macros it defines: they live at the crate root.
    exported_macros: Vec<String>,
}

/// A path to the crate's own code, made absolute.
struct Import {
    path: ModulePath,
    line: usize,
    written: String,
    /// `pub use child::Item` in the child's parent, with the name it binds:
    /// the parent's table of contents, not a step from it, unless the
    /// parent uses the name too.
    re_exports_child: Option<String>,
}

#[derive(Clone, Debug)]
struct Token {
    text: String,
    line: usize,
}

impl Source {
    fn new(shown: &str, text: &str) -> Self {
        let relative = shown.trim_start_matches("src/").trim_end_matches(".rs");
        let mut module: ModulePath = relative.split('/').map(str::to_string).collect();
        if matches!(module.last().map(String::as_str), Some("lib" | "mod")) {
            module.pop();
        }
        let tokens = tokenize(&without_tests(&blanked(text)));
        let mut source = Source {
            shown: shown.to_string(),
            module,
            bindings: BTreeMap::new(),
            imports: Vec::new(),
            exported_macros: Vec::new(),
        };
        source.read_paths(&tokens);
        source
    }

    fn read_paths(&mut self, tokens: &[Token]) {
        let children: BTreeSet<&str> = tokens
            .windows(3)
            .filter(|w| w[0].text == "mod" && w[2].text == ";")
            .map(|w| w[1].text.as_str())
            .collect();
        let mut in_use = vec![false; tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            let after_path_separator = i > 0 && tokens[i - 1].text == "::";
            if token.text == "macro_rules"
                && is_exported_macro(&tokens[..i])
                && let Some(name) = tokens.get(i + 2)
            {
                self.exported_macros.push(name.text.clone());
            }
            assert!(
                !(token.text == "mod" && tokens.get(i + 2).is_some_and(|t| t.text == "{")),
                "{}:{}: an inline module outside #[cfg(test)]; this test does not follow \
                 `super::` inside one, so give it a file",
                self.shown,
                token.line
            );
            // `use<'a>` is a bound on captured lifetimes, no import.
            if token.text == "use"
                && !after_path_separator
                && tokens.get(i + 1).is_some_and(|t| t.text != "<")
            {
                let end = tokens[i..]
                    .iter()
                    .position(|t| t.text == ";")
                    .map_or(tokens.len(), |at| i + at);
                in_use[i..end].fill(true);
                let public = is_public(&tokens[..i]);
                let mut trees = Vec::new();
                parse_use_tree(&tokens[i + 1..end], &mut Vec::new(), &mut trees);
                for (mut written, alias) in trees {
                    // `a::b::{self}` imports `a::b`.
                    if written.len() > 1 && written.last().is_some_and(|s| s == "self") {
                        written.pop();
                    }
                    let Some(path) = self.absolute(&written, &children) else {
                        continue;
                    };
                    let re_exports_child = public
                        && path.len() > self.module.len() + 1
                        && path.starts_with(&self.module)
                        && children.contains(path[self.module.len()].as_str());
                    let name = alias
                        .or_else(|| written.last().cloned())
                        .unwrap_or_default();
                    if name != "*" {
                        self.bindings.insert(name.clone(), path.clone());
                    }
                    self.imports.push(Import {
                        path,
                        line: tokens[i].line,
                        written: written.join("::"),
                        re_exports_child: re_exports_child.then_some(name),
                    });
                }
                i = end + 1;
                continue;
            }
            let starts_path = matches!(token.text.as_str(), "crate" | "$crate" | "super" | "self")
                || children.contains(token.text.as_str());
            if starts_path
                && !after_path_separator
                && tokens.get(i + 1).is_some_and(|t| t.text == "::")
            {
                let mut written = vec![token.text.clone()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|t| t.text == "::")
                    && tokens.get(j + 1).is_some_and(|t| is_identifier(&t.text))
                {
                    written.push(tokens[j + 1].text.clone());
                    j += 2;
                }
                if let Some(path) = self.absolute(&written, &children) {
                    self.imports.push(Import {
                        path,
                        line: token.line,
                        written: written.join("::"),
                        re_exports_child: None,
                    });
                }
                i = j;
                continue;
            }
            i += 1;
        }
        // A child's item the parent re-exports and also uses itself, by
        // its bare name, is a step from the parent to that child.
        for import in &mut self.imports {
            let Some(name) = &import.re_exports_child else {
                continue;
            };
            let used = tokens.iter().enumerate().find(|(at, token)| {
                !in_use[*at]
                    && token.text == *name
                    && (*at == 0 || !matches!(tokens[at - 1].text.as_str(), "::" | "." | "mod"))
            });
            if let Some((_, token)) = used {
                import.line = token.line;
                import.written = format!("{name} (re-exported from {})", import.written);
                import.re_exports_child = None;
            }
        }
    }

    /// `written` from the crate root, or `None` for another crate's path.
    fn absolute(&self, written: &[String], children: &BTreeSet<&str>) -> Option<ModulePath> {
        let mut path = self.module.clone();
        let mut rest = written;
        match written.first()?.as_str() {
            "crate" | "$crate" => {
                path.clear();
                rest = &written[1..];
            }
            "self" => rest = &written[1..],
            "super" => {
                while rest.first().is_some_and(|s| s == "super") {
                    path.pop();
                    rest = &rest[1..];
                }
            }
            first if children.contains(first) => {}
            _ => return None,
        }
        path.extend(rest.iter().cloned());
        Some(path)
    }
}

/// Whether the `macro_rules!` after `before` carries `#[macro_export]`
/// among the attributes right above it.
fn is_exported_macro(before: &[Token]) -> bool {
    before
        .iter()
        .rev()
        .take_while(|t| t.text != "}" && t.text != ";")
        .any(|t| t.text == "macro_export")
}

/// Whether the `use` after `before` is declared `pub` or `pub(…)`.
fn is_public(before: &[Token]) -> bool {
    let texts: Vec<&str> = before
        .iter()
        .rev()
        .take(4)
        .map(|t| t.text.as_str())
        .collect();
    matches!(
        texts.as_slice(),
        ["pub", ..] | [")", _, "(", "pub"] | [")", _, "(", "pub", ..]
    )
}

/// Flattens a `use` tree: `a::{b, c::{d as e}}` → `a::b`, `a::c::d` (as `e`).
fn parse_use_tree(
    tokens: &[Token],
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let depth_before = prefix.len();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].text.as_str() {
            "::" => i += 1,
            "{" => {
                let close = matching(tokens, i);
                let inner = &tokens[i + 1..close];
                let mut depth = 0;
                let mut start = 0;
                for (at, token) in inner.iter().enumerate() {
                    match token.text.as_str() {
                        "{" => depth += 1,
                        "}" => depth -= 1,
                        "," if depth == 0 => {
                            parse_use_tree(&inner[start..at], prefix, out);
                            start = at + 1;
                        }
                        _ => {}
                    }
                }
                parse_use_tree(&inner[start..], prefix, out);
                i = close + 1;
            }
            "as" => {
                let alias = tokens.get(i + 1).map(|t| t.text.clone());
                out.push((prefix.clone(), alias));
                prefix.truncate(depth_before);
                return;
            }
            text => {
                prefix.push(text.to_string());
                i += 1;
                if i == tokens.len() {
                    out.push((prefix.clone(), None));
                }
            }
        }
    }
    prefix.truncate(depth_before);
}

/// The index of the `}` that closes the `{` at `open`.
fn matching(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (at, token) in tokens.iter().enumerate().skip(open) {
        match token.text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return at;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
}

/// Every module file and every name bound in it, to find which file a
/// path ends in.
struct Library<'s> {
    modules: BTreeMap<ModulePath, &'s Source>,
    root_macros: BTreeMap<String, ModulePath>,
}

impl<'s> Library<'s> {
    fn new(sources: &'s [Source]) -> Self {
        let mut root_macros = BTreeMap::new();
        for source in sources {
            for name in &source.exported_macros {
                root_macros.insert(name.clone(), source.module.clone());
            }
        }
        let modules = sources.iter().map(|s| (s.module.clone(), s)).collect();
        Library {
            modules,
            root_macros,
        }
    }

    /// The module whose file defines what `path` names: the longest prefix
    /// that is a module, followed through the names that module imports.
    fn resolve(&self, path: &ModulePath) -> ModulePath {
        let mut path = path.clone();
        for _ in 0..16 {
            let length = (0..=path.len())
                .rev()
                .find(|n| self.modules.contains_key(&path[..*n]))
                .unwrap_or(0);
            let module = &path[..length];
            let Some(name) = path.get(length) else {
                return module.to_vec();
            };
            let bound = self
                .modules
                .get(module)
                .and_then(|source| source.bindings.get(name));
            let bound = bound.or_else(|| {
                module
                    .is_empty()
                    .then(|| self.root_macros.get(name))
                    .flatten()
            });
            match bound {
                Some(target) if *target != path[..=length] => {
                    let mut next = target.clone();
                    next.extend(path[length + 1..].iter().cloned());
                    path = next;
                }
                _ => return module.to_vec(),
            }
        }
        path
    }
}

/// `text` with comments, string and character literals replaced by spaces,
/// lines kept where they were.
fn blanked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('#' | '"'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string, r"…" or r#"…"#: it ends at a quote followed
            // by as many hashes as opened it.
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i;
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&close.chars().collect::<Vec<_>>()) {
                i += 1;
            }
            i = (i + close.len()).min(chars.len());
            out.extend(chars[start..i].iter().map(|c| blank(*c)));
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal; a lifetime ('a) has no closing quote.
            // An escape's first character is skipped, so '\'' ends at its end.
            let start = i;
            i += if next == Some('\\') { 3 } else { 1 };
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.extend(chars[start..i.min(chars.len())].iter().map(|c| blank(*c)));
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `code` (already blanked) without the item after each `#[cfg(test)]`.
fn without_tests(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(at) = out.find("#[cfg(test)]") {
        let bytes = out.as_bytes();
        let mut end = at;
        while end < bytes.len() && bytes[end] != b'{' && bytes[end] != b';' {
            end += 1;
        }
        if end < bytes.len() && bytes[end] == b'{' {
            let mut depth = 0;
            while end < bytes.len() {
                match bytes[end] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                end += 1;
            }
        }
        let end = (end + 1).min(out.len());
        let blank: String = out[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..end, &blank);
    }
    out
}

/// Identifiers (with `$crate`), `::`, and every other character alone.
fn tokenize(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut line = 1;
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token {
                text: chars[start..i].iter().collect(),
                line,
            });
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push(Token {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            tokens.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    tokens
}
