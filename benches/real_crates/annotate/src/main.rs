//! `annotate CRATE_DIR THREADMGR_PATH`
//!
//! For every `.rs` file under `CRATE_DIR/src` (but a file that does not parse and that no module
//! tree of the crate reaches, which the crate never compiles; or, for a library whose `[lib] path` is outside
//! `src/`, its root file and the files its `mod` items name), and the root file of every `[[bin]] path` outside `src/` with
//! the files its `mod` items name, inserts `#[threadmgr::haltable] ` right before the
//! first non-attribute token (visibility, `default`, `unsafe`, `fn`, ...) of every fn item that has
//! a body: free fns, fns nested in fn bodies, inherent and trait impl methods, trait default
//! methods, fns of inline modules (at any depth), `async fn`s included. Skipped: `const fn` (and fns
//! with an attribute whose arguments hold `const`, which may make them const), fns
//! with an `extern` ABI other than "Rust" / "C-unwind", trait methods without a body, and fns already
//! carrying a `haltable` attribute. Fns written inside macro invocations (`macro_rules!` bodies,
//! `cfg_if! { .. }`, ...) are invisible to syn and are counted but left alone.
//!
//! The insertion is on the fn's own line, so every other byte of the file and every line number
//! stay as they were. Then `[dependencies.threadmgr] path = THREADMGR_PATH` is appended to
//! `CRATE_DIR/Cargo.toml`.

use proc_macro2::{LineColumn, TokenStream, TokenTree};
use quote::ToTokens;
use std::path::{Path, PathBuf};
use syn::visit::Visit;

const ATTR: &str = "#[threadmgr::haltable] ";

#[derive(Default, Debug)]
struct Counts {
    annotated: usize,
    skipped_const: usize,
    annotated_async: usize,
    skipped_extern: usize,
    skipped_already: usize,
    no_body: usize,
    fn_tokens_in_macros: usize,
    /// Files that `syn` cannot parse (an anonymous parameter of Rust 2015, `fn read(&mut R,
    /// SampleFormat)` in a trait: hound 3.5.1): left as they are, and counted in the summary.
    unparsed: usize,
}

struct Collector<'a> {
    inserts: Vec<LineColumn>,
    counts: &'a mut Counts,
}

fn first_token_start(tokens: TokenStream) -> Option<LineColumn> {
    tokens
        .into_iter()
        .next()
        .map(|t: TokenTree| t.span().start())
}

fn has_haltable(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "haltable")
    })
}

/// Whether an attribute's arguments hold the `const` keyword: an attribute macro that may add
/// it to the fn.
fn may_add_const(attr: &syn::Attribute) -> bool {
    match &attr.meta {
        syn::Meta::List(list) => count_idents(&list.tokens, "const") > 0,
        _ => false,
    }
}

/// Counts the identifiers `name` in `ts`, at any depth (`fn` in a macro invocation's tokens:
/// fns syn cannot see).
fn count_idents(ts: &TokenStream, name: &str) -> usize {
    ts.clone()
        .into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i == name => 1,
            TokenTree::Group(g) => count_idents(&g.stream(), name),
            _ => 0,
        })
        .sum()
}

impl Collector<'_> {
    /// Decides for one fn with a body; `item` is the whole item with its attributes cleared.
    fn consider(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature, item: TokenStream) {
        if has_haltable(attrs) {
            self.counts.skipped_already += 1;
            return;
        }
        // An attribute that may make the fn `const` (`#[rustversion::attr(since(1.83), const)]`,
        // generic-array 1.4.5) runs before `#[haltable]`, which would then refuse it.
        if sig.constness.is_some() || attrs.iter().any(may_add_const) {
            self.counts.skipped_const += 1;
            return;
        }
        if let Some(abi) = &sig.abi {
            let name = abi.name.as_ref().map(|n| n.value());
            if !matches!(name.as_deref(), Some("Rust") | Some("C-unwind")) {
                self.counts.skipped_extern += 1;
                return;
            }
        }
        match first_token_start(item) {
            Some(lc) => {
                self.inserts.push(lc);
                self.counts.annotated += 1;
                self.counts.annotated_async += usize::from(sig.asyncness.is_some());
            }
            None => unreachable!("a fn item has tokens"),
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let mut bare = f.clone();
        bare.attrs.clear();
        self.consider(&f.attrs, &f.sig, bare.into_token_stream());
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let mut bare = f.clone();
        bare.attrs.clear();
        self.consider(&f.attrs, &f.sig, bare.into_token_stream());
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if f.default.is_some() {
            let mut bare = f.clone();
            bare.attrs.clear();
            self.consider(&f.attrs, &f.sig, bare.into_token_stream());
        } else {
            self.counts.no_body += 1;
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.counts.fn_tokens_in_macros += count_idents(&m.tokens, "fn");
        syn::visit::visit_macro(self, m);
    }
}

/// Byte offset of a (1-based line, 0-based char column) position in `text`.
fn byte_offset(text: &str, line_starts: &[usize], lc: LineColumn) -> usize {
    let start = line_starts[lc.line - 1];
    let line = &text[start..];
    match line.char_indices().nth(lc.column) {
        Some((b, _)) => start + b,
        None => text.len(),
    }
}

/// Why a file was not annotated.
enum Failed {
    /// `syn` cannot parse it: left as it is.
    Unparsed(syn::Error),
    /// Anything else (a read or write error, a result that no longer parses).
    Other(String),
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Unparsed(e) => write!(f, "parse error: {e}"),
            Failed::Other(e) => f.write_str(e),
        }
    }
}

fn annotate_file(path: &Path, counts: &mut Counts) -> Result<usize, Failed> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failed::Other(format!("{}: {e}", path.display())))?;
    let file = syn::parse_file(&text).map_err(Failed::Unparsed)?;
    let mut c = Collector {
        inserts: Vec::new(),
        counts,
    };
    c.visit_file(&file);
    let mut inserts = c.inserts;
    if inserts.is_empty() {
        return Ok(0);
    }
    // A shebang-free, BOM-free source: syn's positions are relative to the text we parsed.
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut offsets: Vec<usize> = inserts
        .drain(..)
        .map(|lc| byte_offset(&text, &line_starts, lc))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut out = String::with_capacity(text.len() + offsets.len() * ATTR.len());
    let mut last = 0;
    for &o in &offsets {
        out.push_str(&text[last..o]);
        out.push_str(ATTR);
        last = o;
    }
    out.push_str(&text[last..]);
    // Sanity: the result still parses.
    syn::parse_file(&out)
        .map_err(|e| Failed::Other(format!("{}: re-parse error: {e}", path.display())))?;
    std::fs::write(path, out).map_err(|e| Failed::Other(format!("{}: {e}", path.display())))?;
    Ok(offsets.len())
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The `path` of the manifest's `[lib]` table, if it has one.
fn lib_path(toml: &str) -> Option<String> {
    table_string(toml, "[lib]", "path")
}

/// The `path`s of the manifest's `[[bin]]` tables (ripgrep's `rg` is `crates/core/main.rs`).
fn bin_paths(toml: &str) -> Vec<String> {
    table_strings(toml, "[[bin]]", "path")
}

/// The build script `[package]`'s `build = ".."` names, if any (`caseless` keeps it at
/// `src/build.rs`): compiled without the crate's dependencies, so it is not annotated.
/// (`build = false` names no file.)
fn build_script(toml: &str) -> Option<String> {
    table_string(toml, "[package]", "build")
}

/// The quoted string value of `key` (a line `key = ".."` between the header `table` and the
/// next table header; not another key that starts with `key`), if it has one.
fn table_string(toml: &str, table: &str, key: &str) -> Option<String> {
    table_strings(toml, table, key).into_iter().next()
}

/// [`table_string`] in every table of the header `table` (an array of tables, `[[bin]]`, has
/// one per element), in order.
fn table_strings(toml: &str, table: &str, key: &str) -> Vec<String> {
    let mut in_table = false;
    let mut values = Vec::new();
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == table;
        } else if in_table {
            let value = line
                .strip_prefix(key)
                .and_then(|rest| rest.trim_start().strip_prefix('='))
                .map(str::trim);
            if let Some(value) = value.filter(|v| v.starts_with('"') || v.starts_with('\'')) {
                values.push(value.trim_matches(|c| c == '"' || c == '\'').to_owned());
            }
        }
    }
    values
}

/// `root` and, recursively, the files of the `mod NAME;` items it declares, found as rustc
/// finds them: `#[path = ".."]` relative to the declaring file's directory, else `NAME.rs` or
/// `NAME/mod.rs` in the directory that holds the declaring file's submodules (its own
/// directory for a `lib.rs`, `main.rs` or `mod.rs`, `dir/STEM/` for `dir/STEM.rs`), and below
/// that, for a `mod NAME;` inside an inline `mod outer { .. }`, in `outer/`. Every candidate is
/// followed, whatever `#[cfg]` the `mod` item has.
fn module_files(root: &Path, out: &mut Vec<PathBuf>) {
    if !root.is_file() || out.iter().any(|f| f == root) {
        return;
    }
    out.push(root.to_path_buf());
    let Ok(source) = std::fs::read_to_string(root) else {
        return;
    };
    let Ok(file) = syn::parse_file(&source) else {
        return;
    };
    let dir = root.parent().unwrap_or(Path::new("."));
    let stem = root.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let sub_dir = if matches!(stem, "lib" | "main" | "mod") {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    declared_files(&file.items, dir, &sub_dir, out);
}

/// The files of the `mod NAME;` items among `items` (see [`module_files`]): `dir` holds the
/// declaring file, `sub_dir` the files of its submodules.
fn declared_files(items: &[syn::Item], dir: &Path, sub_dir: &Path, out: &mut Vec<PathBuf>) {
    for item in items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let explicit = module.attrs.iter().find_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        });
        let name = module.ident.to_string();
        if let Some((_, items)) = &module.content {
            // `#[path]` on an inline module names the directory of its submodules.
            let inner = match &explicit {
                Some(path) => dir.join(path),
                None => sub_dir.join(&name),
            };
            declared_files(items, &inner, &inner, out);
            continue;
        }
        let candidates = match explicit {
            Some(path) => vec![dir.join(path)],
            None => vec![
                sub_dir.join(format!("{name}.rs")),
                sub_dir.join(&name).join("mod.rs"),
            ],
        };
        if let Some(found) = candidates.into_iter().find(|c| c.is_file()) {
            module_files(&found, out);
        }
    }
}

/// The files a build script (`root`, if it exists) compiles: its module tree, and the files
/// its `include!("..")`s name (relative to the script's directory), with their module trees.
fn build_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    module_files(root, &mut files);
    let dir = root.parent().unwrap_or(Path::new("."));
    let mut included = Vec::new();
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let mut rest = source.as_str();
        while let Some(at) = rest.find("include!(") {
            rest = &rest[at + "include!(".len()..];
            let arg = rest.trim_start();
            if let Some((path, _)) = arg.strip_prefix('"').and_then(|q| q.split_once('"')) {
                included.push(dir.join(path));
            }
        }
    }
    for file in included {
        module_files(&file, &mut files);
    }
    files
}

/// The files of the crate's module trees: from its library root (`[lib] path`, else
/// `src/lib.rs`), `src/main.rs`, every `[[bin]] path`, and every `src/bin/*.rs` and
/// `src/bin/*/main.rs`.
fn compiled_files(crate_dir: &Path, toml: &str) -> Vec<PathBuf> {
    let src = crate_dir.join("src");
    let mut roots = vec![
        lib_path(toml).map_or_else(|| src.join("lib.rs"), |path| crate_dir.join(path)),
        src.join("main.rs"),
    ];
    roots.extend(bin_paths(toml).into_iter().map(|path| crate_dir.join(path)));
    if let Ok(bins) = std::fs::read_dir(src.join("bin")) {
        let mut bins: Vec<PathBuf> = bins.flatten().map(|e| e.path()).collect();
        bins.sort();
        for bin in bins {
            roots.push(if bin.is_dir() {
                bin.join("main.rs")
            } else {
                bin
            });
        }
    }
    let mut files = Vec::new();
    for root in roots {
        module_files(&root, &mut files);
    }
    files
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: annotate CRATE_DIR THREADMGR_PATH");
        std::process::exit(2);
    }
    let crate_dir = PathBuf::from(&args[1]);
    let threadmgr = std::fs::canonicalize(&args[2]).expect("THREADMGR_PATH exists");

    let manifest = crate_dir.join("Cargo.toml");
    let toml = match std::fs::read_to_string(&manifest) {
        Ok(toml) => toml,
        Err(e) => {
            eprintln!(
                "annotate: cannot read {} ({e}): CRATE_DIR must be a package's directory",
                manifest.display()
            );
            std::process::exit(2);
        }
    };
    let mut files = Vec::new();
    let src = crate_dir.join("src");
    match lib_path(&toml).map(|path| crate_dir.join(path)) {
        // A library whose root is outside `src/` (fxhash's `lib.rs` at the crate's root): its
        // root and the files its `mod` items name, not the whole directory (which holds the
        // benches, tests and build script).
        Some(root) if !root.starts_with(&src) => module_files(&root, &mut files),
        _ => rs_files(&src, &mut files),
    }
    // A binary whose root is outside `src/` (ripgrep's `crates/core/main.rs`): the same.
    for bin in bin_paths(&toml) {
        let root = crate_dir.join(bin);
        if !root.starts_with(&src) {
            module_files(&root, &mut files);
        }
    }
    if let Some(build) = build_script(&toml) {
        let build = crate_dir.join(build);
        files.retain(|file| *file != build);
    }
    // The files a build script compiles too (hyperfine's `build.rs` does
    // `include!("src/cli.rs")`): annotated, they need threadmgr as a build-dependency.
    let build_root =
        build_script(&toml).map_or_else(|| crate_dir.join("build.rs"), |b| crate_dir.join(b));
    let built_too = build_files(&build_root)
        .iter()
        .any(|file| files.contains(file));
    if files.is_empty() {
        eprintln!(
            "annotate: no .rs file found in {} (neither under src/ nor from [lib] or [[bin]] paths)",
            crate_dir.display()
        );
        std::process::exit(1);
    }
    let mut counts = Counts::default();
    let mut failed = false;
    let mut compiled = None;
    for f in &files {
        let shown = f.strip_prefix(&crate_dir).unwrap_or(f).display();
        match annotate_file(f, &mut counts) {
            Ok(n) => println!("  {n:5} fns  {shown}"),
            // A file under `src/` that no module tree reaches is never compiled (exr 1.74.0's
            // `src/image/channel_groups.rs`, which does not parse): left as it is.
            Err(e)
                if !compiled
                    .get_or_insert_with(|| compiled_files(&crate_dir, &toml))
                    .contains(f) =>
            {
                println!(
                    "      - fns  {shown} (in no module tree, so never compiled; left alone: {e})"
                );
            }
            Err(Failed::Unparsed(e)) => {
                counts.unparsed += 1;
                println!("      - fns  {shown} (syn cannot parse it; left alone: {e})");
            }
            Err(Failed::Other(e)) => {
                eprintln!("annotate: {e}");
                failed = true;
            }
        }
    }

    if !toml.contains("[dependencies.threadmgr]") {
        let mut dep = format!(
            "\n[dependencies.threadmgr]\npath = {:?}\n",
            threadmgr.to_string_lossy()
        );
        if built_too && !toml.contains("[build-dependencies.threadmgr]") {
            dep += &format!(
                "\n[build-dependencies.threadmgr]\npath = {:?}\n",
                threadmgr.to_string_lossy()
            );
        }
        std::fs::write(&manifest, toml + &dep).expect("write Cargo.toml");
    }
    println!(
        "annotated {} fns ({} async) in {} files; skipped: {} const, {} extern ABI, {} already haltable; \
         {} trait fns without body; {} `fn` tokens inside macro invocations left alone; \
         {} files syn cannot parse left alone",
        counts.annotated,
        counts.annotated_async,
        files.len(),
        counts.skipped_const,
        counts.skipped_extern,
        counts.skipped_already,
        counts.no_body,
        counts.fn_tokens_in_macros,
        counts.unparsed
    );
    if failed {
        std::process::exit(1);
    }
}
