//! Every piece of code that `#[haltable]` generates, in one place.
//!
//! - Paths are absolute, into `::threadmgr::__private` (and `::core`): the user depends on
//!   `threadmgr` only, and no `use` of theirs can change what the paths mean.
//! - Identifiers and labels carry the `__threadmgr_` prefix and `Span::mixed_site()` hygiene:
//!   locals and labels resolve where the macro is defined, so user code can neither see nor
//!   shadow them, and they cannot shadow the user's.
//! - Each piece is *located* at the user code it belongs to (`Span::located_at`), so that a
//!   diagnostic about it points at the user's line rather than at the attribute.
//! - The handle is always used as `&*__threadmgr_h`, never by value: a non-`move` closure that
//!   uses the place `*h` captures it by copying the `&'static` reference, whereas using `h` by
//!   value would capture `&h`, a borrow of a local, and break closures that outlive the fn
//!   (`fn f() -> impl Fn() { || g() }`).
//! - Checkpoints are emitted as [`Expr::Verbatim`], which [`crate::cost`] does not look into, so
//!   that a rewrite never mistakes the checkpoints of an earlier one for user code that takes
//!   time. No user code is ever put inside a `Verbatim`: later rewrites still see all of it.
//!
//! Generated code needs no lint `allow`: it binds what it creates (`__threadmgr_g`), takes `mut`
//! only on what it borrows mutably, adds a label only where a `break` uses it, and never places
//! code after a diverging expression.
//!
//! Clippy, though, lints the item as written, not the instrumented one (see
//! [`clippy_sees_as_written`]): instrumenting changes the shape of the user's code, which would
//! hide it from clippy's lints and leave the user's `#[expect(clippy::..)]` unfulfilled.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::{
    Attribute, Block, Expr, ExprBlock, ExprForLoop, Ident, Lifetime, LitStr, Stmt,
    parse_quote_spanned,
};

use crate::fill::Fill;

/// The output for an instrumented item: the item as written where clippy or rustdoc reads it,
/// the instrumented item in every build of code that runs.
///
/// ```ignore
/// #[cfg(any(doc, doctest))]
/// ITEM AS WRITTEN        // less its inner `#[haltable(skip)]`s
/// #[cfg(all(clippy, not(any(doc, doctest))))]
/// ITEM AS WRITTEN
/// #[cfg(not(any(clippy, doc, doctest)))]
/// ITEM INSTRUMENTED
/// ```
///
/// Rustdoc (`cfg(doc)` when it documents, `cfg(doctest)` when it collects doctests; neither
/// builds the code that runs: doctests link the library as built) reads the item as written
/// too, with its doc comments as the compiler gave them. An item the macro parses and prints
/// again has its `///` comments turned into `#[doc = ".."]` attributes, and rustdoc unindents a
/// doc that mixes the two kinds differently from one of attributes only: the
/// `#[doc = include_str!("../examples/custom_level.rs")]` between `///` lines of
/// annotate-snippets 0.12.18's `Level::with_name` lost one space on every line of its example,
/// whose byte offsets then pointed past its source (a doctest that failed only annotated).
/// (An item with an inner `#[haltable(skip)]` is printed again for this copy too.) Two copies
/// as written, not one under `cfg(any(clippy, doc, doctest))`: rustdoc 1.95 collects no
/// doctest from an item whose `cfg` names `clippy` inside an `any`, from neither copy
/// (checked on a scratch crate: `any(doc, doctest)` and `clippy` alone are collected).
///
/// Clippy lints the code's shape, and instrumentation changes it: a chunked `for` no longer
/// looks like an index loop (`needless_range_loop`, `manual_memcpy`), a closure that enters the
/// handle no longer looks redundant (`redundant_closure`), the handle read puts a statement
/// before the body's leading items (`items_after_statements`). So clippy would miss lints in the
/// user's code, and report the user's `#[expect(clippy::..)]` as unfulfilled. `cargo clippy` sets
/// `cfg(clippy)` (a well-known cfg) on the crates it lints, and builds no code that runs, so it
/// gets the item exactly as written and lints it exactly as without the attribute; every build
/// that runs code gets the instrumented item, whose rustc lints are unchanged. The cost: clippy
/// type-checks the item as written, so the rare error that only instrumented code has (a closure
/// that now captures the handle coerced to a `fn` pointer) shows in `cargo build` and
/// `cargo check`, not in `cargo clippy`.
pub(crate) fn clippy_sees_as_written(
    as_written: TokenStream,
    instrumented: TokenStream,
) -> TokenStream {
    let span = Span::mixed_site();
    quote_spanned! {span=>
        #[cfg(any(doc, doctest))]
        #as_written
        #[cfg(all(clippy, not(any(doc, doctest))))]
        #as_written
        #[cfg(not(any(clippy, doc, doctest)))]
        #instrumented
    }
}

/// Mixed-site hygiene, located at `at`.
fn hygienic(at: Span) -> Span {
    Span::mixed_site().located_at(at)
}

/// The local that holds the fn's `&'static HaltFlag`.
fn handle(span: Span) -> Ident {
    Ident::new("__threadmgr_h", span)
}

/// The countdown form of a `for` loop or a `while let` (a `while` whose condition has a
/// `let`): the loop as written, with a countdown at the start of its body. For an innermost
/// `for` whose body calls and may exit early, and for every `while let` (see `crate::loops`).
/// The count starts full: the code before the loop checked (see [`crate::statements`]).
///
/// A `for` checks once every `threadmgr::__private::ITERATIONS_PER_CHECK` iterations (see
/// `threadmgr::__private::tick`):
///
/// ```ignore
/// #[attrs]
/// {
///     let mut __threadmgr_left = ::threadmgr::__private::ITERATIONS_PER_CHECK;
///     'label: for PAT in EXPR {
///         ::threadmgr::__private::tick(&mut __threadmgr_left);
///         BODY
///     }
/// }
/// ```
///
/// A `while let` checks at the end of each lap, whose length it learns from the time its laps
/// take (see `threadmgr::__private::tick_lap`):
///
/// ```ignore
/// #[attrs]
/// {
///     static __THREADMGR_SITE: ::threadmgr::__private::Site =
///         ::threadmgr::__private::Site::laps_site();
///     let mut __threadmgr_laps = __THREADMGR_SITE.laps();
///     let mut __threadmgr_left = __threadmgr_laps.countdown();
///     'label: while let PAT = EXPR {
///         ::threadmgr::__private::tick_lap(&mut __threadmgr_left, &mut __threadmgr_laps);
///         BODY
///     }
/// }
/// ```
///
/// With `copied` (an innermost `for` whose body makes no type of its own, see
/// `crate::loops`), a `for` first asks whether its iterator says it has at most
/// `ITERATIONS_PER_CHECK` items left (`threadmgr::__private::few`), no more than the countdown
/// runs between two checks; then it runs as written, with no countdown:
///
/// ```ignore
/// #[attrs]
/// {
///     match ::core::iter::IntoIterator::into_iter(EXPR) {
///         mut __threadmgr_iter => {
///             if ::threadmgr::__private::few(&__threadmgr_iter) {
///                 'label: for PAT in __threadmgr_iter BODY
///             } else {
///                 let mut __threadmgr_left = ::threadmgr::__private::ITERATIONS_PER_CHECK;
///                 'label: for PAT in __threadmgr_iter {
///                     ::threadmgr::__private::tick(&mut __threadmgr_left);
///                     BODY
///                 }
///             }
///         }
///     };
/// }
/// ```
pub(crate) fn countdown(mut looped: Expr, copied: bool) -> Expr {
    let whole = match &looped {
        Expr::ForLoop(f) if copied => Some(f.clone()),
        _ => None,
    };
    let (attrs, body, at, learned) = match &mut looped {
        Expr::ForLoop(f) => (&mut f.attrs, &mut f.body, f.for_token.span, false),
        Expr::While(w) => (&mut w.attrs, &mut w.body, w.while_token.span, true),
        _ => unreachable!("only called on a `for` or a `while` loop"),
    };
    let span = hygienic(at);
    let left = Ident::new("__threadmgr_left", span);
    let laps = Ident::new("__threadmgr_laps", span);
    let site = Ident::new("__THREADMGR_SITE", span);
    let tick: syn::Stmt = if learned {
        parse_quote_spanned!(span=> ::threadmgr::__private::tick_lap(&mut #left, &mut #laps);)
    } else {
        parse_quote_spanned!(span=> ::threadmgr::__private::tick(&mut #left);)
    };
    body.stmts.insert(0, tick);
    // The loop's attributes go on the whole (a `#[cfg]` removes the countdown with the loop).
    let attrs = std::mem::take(attrs);
    let mut fill = Fill::default();
    // No type written: a name such as `u32` would resolve in the user's scope, which may
    // declare its own; the constant's type is the counter's.
    let start = if learned {
        quote_spanned! {span=>
            static #site: ::threadmgr::__private::Site = ::threadmgr::__private::Site::laps_site();
            let mut #laps = #site.laps();
            let mut #left = #laps.countdown();
        }
    } else {
        quote_spanned! {span=> let mut #left = ::threadmgr::__private::ITERATIONS_PER_CHECK; }
    };
    let code = match (whole, looped) {
        (Some(mut whole), Expr::ForLoop(mut counted)) => {
            // `match`, not `let`: as in a real `for`, the temporaries of EXPR live for the
            // whole loop.
            let iter = Ident::new("__threadmgr_iter", span);
            let iterable =
                std::mem::replace(&mut *counted.expr, parse_quote_spanned!(span=> #iter));
            *whole.expr = parse_quote_spanned!(span=> #iter);
            whole.attrs.clear();
            let iterable = fill.expr(iterable);
            let whole = fill.expr(Expr::ForLoop(whole));
            let counted = fill.expr(Expr::ForLoop(counted));
            quote_spanned! {span=> {
                match ::core::iter::IntoIterator::into_iter(#iterable) {
                    mut #iter => {
                        if ::threadmgr::__private::few(&#iter) {
                            #whole
                        } else {
                            #start
                            #counted
                        }
                    }
                };
            }}
        }
        (_, looped) => {
            let looped = fill.expr(looped);
            quote_spanned! {span=> {
                #start
                #looped
            }}
        }
    };
    let mut block: ExprBlock = fill.into(code);
    block.attrs = attrs;
    Expr::Block(block)
}

/// Makes a generated expression opaque to [`crate::cost`] (see the module docs).
fn opaque(expr: &Expr) -> Expr {
    Expr::Verbatim(expr.to_token_stream())
}

/// The error of an instrumented fn in a `panic = "abort"` build.
pub(crate) const PANIC_ABORT: &str = "#[haltable] needs panic = \"unwind\": a halt unwinds the \
    stack to stop the job, which a panic = \"abort\" build cannot do; build with \
    panic = \"unwind\", or remove #[haltable] and poll `HaltToken::check` instead";

/// The statements that start an instrumented fn body: refuse `panic = "abort"` builds, and,
/// with `reads_handle`, read the thread's handle for the closures that carry it.
///
/// ```ignore
/// #[cfg(panic = "abort")]
/// ::core::compile_error!("#[haltable] needs panic = \"unwind\" ...");
/// let __threadmgr_h: &'static ::threadmgr::__private::HaltFlag = ::threadmgr::__private::current();
/// ```
///
/// The `compile_error!` is a statement-level macro under `cfg`: it vanishes in an unwinding
/// build, and in an aborting one it names the fn's attribute. Checks need no handle (see
/// [`check`]): only a body that makes a closure which enters its creator's handle
/// ([`enter`]) reads it. The local's name starts with `_`, so a body whose only such closures
/// sit in closures that read their own ([`caller_handle`]) leaves it unused without a warning.
pub(crate) fn prologue(reads_handle: bool) -> Vec<Stmt> {
    let span = Span::mixed_site();
    let message = LitStr::new(PANIC_ABORT, span);
    // Generated, and after every rewrite: tokens, not parsed (see `check_under`).
    let abort = quote_spanned! {span=>
        #[cfg(panic = "abort")]
        ::core::compile_error!(#message)
    };
    let mut stmts = vec![Stmt::Expr(
        Expr::Verbatim(abort),
        Some(syn::Token![;](span)),
    )];
    if reads_handle {
        stmts.push(caller_handle(span));
    }
    stmts
}

/// The first statement of a fn with a non-unwinding ABI (`extern "C"`), whose body is left as
/// written: until it returns, the thread has no token, so nothing it calls unwinds for a halt
/// through the frame that may not unwind.
///
/// `let __threadmgr_barrier = ::threadmgr::__private::barrier();`
pub(crate) fn barrier() -> Stmt {
    let span = Span::mixed_site();
    parse_quote_spanned! {span=>
        let __threadmgr_barrier = ::threadmgr::__private::barrier();
    }
}

/// A checkpoint statement, located at `at`: `::threadmgr::__private::check();`
pub(crate) fn check(at: Span) -> Stmt {
    check_under(at, &[])
}

/// A checkpoint under the `#[cfg(..)]` attributes `cfgs` of the statement it is put before
/// (none for [`check`]), so that it is compiled exactly when that statement is; opaque to the
/// other rewrites, as generated code is.
///
/// `#[cfg(feature = "x")] ::threadmgr::__private::check();`
pub(crate) fn check_under(at: Span, cfgs: &[Attribute]) -> Stmt {
    let span = hygienic(at);
    let call = quote_spanned!(span=> #(#cfgs)* ::threadmgr::__private::check());
    Stmt::Expr(Expr::Verbatim(call), Some(syn::Token![;](span)))
}

/// [`check_under`], emitted only if the constant `answers` (the [`crate::prims::Ask`]s of the
/// fn, joined by `&&`) is false: `::threadmgr::__private::check_unless(ANSWERS);`
pub(crate) fn check_unless(at: Span, cfgs: &[Attribute], answers: &[TokenStream]) -> Stmt {
    let span = hygienic(at);
    let call = quote_spanned!(span=>
        #(#cfgs)* ::threadmgr::__private::check_unless(#(#answers)&&*));
    Stmt::Expr(Expr::Verbatim(call), Some(syn::Token![;](span)))
}

/// The first statement of a closure that captures its creator's handle and calls other code or
/// loops, located at `at`: check, and make the creator's handle the thread's current one until
/// the closure returns (on a rayon worker or a scoped thread too).
///
/// `let __threadmgr_g = ::threadmgr::__private::enter(&*__threadmgr_h);`
pub(crate) fn enter(at: Span) -> Stmt {
    let span = hygienic(at);
    let h = handle(span);
    guard(
        span,
        quote_spanned!(span=> ::threadmgr::__private::enter(&*#h)),
    )
}

/// [`enter`], unless the constant `here` (see `threadmgr::__private::enter_unless`):
/// `let __threadmgr_g = ::threadmgr::__private::enter_unless(HERE, &*__threadmgr_h);`
pub(crate) fn enter_unless(at: Span, here: &TokenStream) -> Stmt {
    let span = hygienic(at);
    let h = handle(span);
    guard(
        span,
        quote_spanned!(span=> ::threadmgr::__private::enter_unless(#here, &*#h)),
    )
}

/// `let __threadmgr_g = INIT;`, its value opaque to the other rewrites: the entry of a closure.
fn guard(span: Span, init: TokenStream) -> Stmt {
    let guard = Ident::new("__threadmgr_g", span);
    let mut stmt: Stmt = parse_quote_spanned!(span=> let #guard = #init;);
    if let Stmt::Local(local) = &mut stmt
        && let Some(init) = &mut local.init
    {
        *init.expr = opaque(&init.expr);
    }
    stmt
}

/// The first statement of a body that reads the handle of the thread that runs it, for the
/// closures it makes, located at `at`: a fn body's prologue, or a closure that captures
/// nothing (so that it still coerces to a `fn` pointer) but makes closures that enter.
///
/// `let __threadmgr_h: &'static ::threadmgr::__private::HaltFlag = ::threadmgr::__private::current();`
pub(crate) fn caller_handle(at: Span) -> Stmt {
    let span = hygienic(at);
    let h = handle(span);
    let mut stmt: Stmt = parse_quote_spanned! {span=>
        let #h: &'static ::threadmgr::__private::HaltFlag = ::threadmgr::__private::current();
    };
    if let Stmt::Local(local) = &mut stmt
        && let Some(init) = &mut local.init
    {
        *init.expr = opaque(&init.expr);
    }
    stmt
}

/// The label of the `n`th chunked loop of a body, for the `break`s of a loop that had none.
pub(crate) fn label(n: usize, at: Span) -> Lifetime {
    Lifetime::new(&format!("'__threadmgr_for_{n}"), hygienic(at))
}

/// A small `while` or `loop` run as two passes per check, located at `at`.
///
/// `body` must already have its `break`s retargeted to `label` (see [`crate::breaks`]); `label`
/// is the user's label or a generated one (`None` when no `break` needs it; a `while`, given
/// its condition `cond`, always needs it).
///
/// ```ignore
/// #[attrs] 'l: loop {                 // a `loop`
///     ::threadmgr::__private::check();
///     for _ in 0u8..2 { BODY }
/// }
/// #[attrs] 'l: loop {                 // a `while COND`
///     for __threadmgr_pass in 0u8..2 {
///         if !(COND) { break 'l; }
///         if __threadmgr_pass == 0 { ::threadmgr::__private::check(); }
///         BODY
///     }
/// }
/// ```
///
/// A `while` checks after its condition, before the first of the two passes: one that runs no
/// iteration (the failure-link walk of a string search, on most characters) checks nothing,
/// and every iteration that does run still comes after a check at most one iteration old. A
/// `loop` has no condition, and checks first (its body may recurse before any end).
///
/// Each pass of the inner `for` is one whole iteration of the loop as written: `continue` goes
/// on to the next (in the inner `for`, or, after the second, through the check), `break` and
/// `break 'l value` leave the loop, the condition runs exactly where it ran before, and each
/// iteration's locals drop at its end. The compiler unrolls the two passes; a check every two
/// iterations of a small body halves what the checks cost, and the time between two checks stays
/// bounded (a chunked `for`'s first chunk is 16 iterations). The body is not copied, and no code
/// follows a body that may always leave the loop (no `unreachable_code`).
pub(crate) fn two_passes(
    attrs: Vec<Attribute>,
    label: Option<Lifetime>,
    body: Block,
    cond: Option<Expr>,
    at: Span,
) -> Expr {
    let span = hygienic(at);
    let label_tokens = label.as_ref().map(|label| quote_spanned!(span=> #label:));
    let check = check(at);
    let mut fill = Fill::default();
    let stmts = fill.stmts(body.stmts);
    match cond {
        None => fill.into(quote_spanned! {span=>
            #(#attrs)*
            #label_tokens loop {
                #check
                for _ in 0u8..2 {
                    #stmts;
                }
            }
        }),
        Some(cond) => {
            let pass = Ident::new("__threadmgr_pass", span);
            let cond = fill.expr(cond);
            fill.into(quote_spanned! {span=>
                #(#attrs)*
                #label_tokens loop {
                    for #pass in 0u8..2 {
                        if !(#cond) {
                            break #label;
                        }
                        if #pass == 0 {
                            #check
                        }
                        #stmts;
                    }
                }
            })
        }
    }
}

/// `expr` as the tail of a new block after `before`, whose braces are located at `expr`: the
/// block evaluates to what `expr` does.
pub(crate) fn in_block(before: Vec<Stmt>, expr: Expr) -> Expr {
    let at = syn::spanned::Spanned::span(&expr);
    let mut stmts = before;
    stmts.push(Stmt::Expr(expr, None));
    Expr::Block(ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: Block {
            brace_token: syn::token::Brace(at),
            stmts,
        },
    })
}

/// The chunked form of a `for` loop: a check between chunks, and an inner plain `for` over
/// each chunk that the compiler optimizes (vectorizes) as it would the original loop. Each loop
/// has a `static` [`Site`] that learns its chunk length from the time its chunks take, starting
/// at `initial`, which is also the shortest chunk (see `threadmgr::__private::Site`).
///
/// `body` must already have its `break`s retargeted to `label` (see [`crate::breaks`]), and
/// `label` is the user's label or a generated one (`None` when no `break` needs it).
///
/// With `split`, the chunk is chosen by the iterator's type (`threadmgr::__private::chunks`):
/// a slice iterator or an integer range is split into a fresh sub-iterator, whose loop has a
/// single exit and optimizes as the original; any other iterator gets the counting
/// `threadmgr::__private::Chunk`. Without `split` (the body has a `continue 'label`, which
/// starts the next chunk and must not drop the rest of this one), every iterator gets `Chunk`:
/// `::threadmgr::__private::chunk(&mut __threadmgr_iter, len)`.
///
/// A split loop checks *between* chunks, after one that was not the last: a loop that ends
/// within its first chunk checks nothing and reads no clock.
///
/// With `whole` (the loop as written, for an innermost loop: its body has no loop, so the copy
/// does not multiply), the loop first asks whether its iterator says it has at most a chunk of
/// items left (`threadmgr::__private::fits`, from `size_hint`): then it runs as written,
/// `for PAT in __threadmgr_iter BODY` with its own label and breaks, and nothing of the chunked
/// form costs anything; otherwise it runs chunked. The unsplit form checks at the
/// start of every chunk instead, because `continue 'label` goes there: a check after the chunk
/// would be skipped, and a body that does `continue 'label` on every item would never check.
///
/// [`Site`]: https://docs.rs/threadmgr
///
/// ```ignore
/// #[attrs]
/// {
///     // `match`, not `let`: as in a real `for`, the temporaries of EXPR live for the whole
///     // loop; and as in a real `for`, the enclosing block drops them when the loop ends.
///     match ::core::iter::IntoIterator::into_iter(EXPR) {
///         mut __threadmgr_iter => {
///             static __THREADMGR_SITE: ::threadmgr::__private::Site =
///                 ::threadmgr::__private::Site::new(INITIAL);
///             let mut __threadmgr_pace = __THREADMGR_SITE.pace();
///             'label: loop {
///                 let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter)
///                     .next_chunk(&mut __threadmgr_iter, __threadmgr_pace.chunk_len().max(INITIAL));
///                 for PAT in ::threadmgr::__private::Piece::items(&mut __threadmgr_chunk) BODY
///                 if ::threadmgr::__private::Piece::exhausted(&__threadmgr_chunk) {
///                     break;
///                 }
///                 ::threadmgr::__private::check();
///                 __threadmgr_pace.next();
///             }
///         }
///     };
/// }
/// ```
pub(crate) fn chunked_for(
    for_loop: ExprForLoop,
    label: Option<Lifetime>,
    split: bool,
    initial: usize,
    whole: Option<ExprForLoop>,
) -> Expr {
    let ExprForLoop {
        attrs,
        label: _,
        for_token,
        pat,
        in_token,
        expr,
        body,
    } = for_loop;
    let span = hygienic(for_token.span);
    let iter = Ident::new("__threadmgr_iter", span);
    let chunk = Ident::new("__threadmgr_chunk", span);
    let site = Ident::new("__THREADMGR_SITE", span);
    let pace = Ident::new("__threadmgr_pace", span);
    let label: Option<TokenStream> = label.map(|label| quote_spanned!(span=> #label:));
    let check = quote_spanned!(span=> ::threadmgr::__private::check(););
    let initial = syn::LitInt::new(&format!("{initial}usize"), span);
    // At least `initial`, visibly to the compiler: a loop with fewer items (`for axis in 0..2`)
    // is then one chunk, and optimizes (unrolls) as the original.
    let len = quote_spanned!(span=> #pace.chunk_len().max(#initial));
    let (next_chunk, check_first, check_between) = if split {
        let next_chunk = quote_spanned!(span=>
            ::threadmgr::__private::chunks(&#iter).next_chunk(&mut #iter, #len));
        (next_chunk, None, Some(check))
    } else {
        let next_chunk = quote_spanned!(span=> ::threadmgr::__private::chunk(&mut #iter, #len));
        (next_chunk, Some(check), None)
    };
    // Past a failed `fits`, the loop is longer than one chunk: time its first chunk too, so
    // that a loop of two chunks teaches its site a length that fits. (Without the copy as
    // written, the loop asks `fits` for that alone: a run that fits is one untimed chunk.)
    let start = if whole.is_some() {
        quote_spanned!(span=> #site.pace_timed())
    } else {
        quote_spanned!(span=>
        if ::threadmgr::__private::fits(&#iter, &#site, #initial) {
            #site.pace()
        } else {
            #site.pace_timed()
        })
    };
    let mut fill = Fill::default();
    let pat = fill.pat(*pat);
    let body = fill.block(body);
    let expr = fill.expr(*expr);
    let chunked = quote_spanned! {span=>
        let mut #pace = #start;
        #label loop {
            #check_first
            let mut #chunk = #next_chunk;
            #for_token #pat #in_token ::threadmgr::__private::Piece::items(&mut #chunk) { #body }
            if ::threadmgr::__private::Piece::exhausted(&#chunk) {
                break;
            }
            #check_between
            #pace.next();
        }
    };
    let run = match whole {
        Some(mut whole) => {
            whole.attrs.clear();
            *whole.expr = parse_quote_spanned!(span=> #iter);
            let whole = fill.expr(Expr::ForLoop(whole));
            quote_spanned! {span=>
                if ::threadmgr::__private::fits(&#iter, &#site, #initial) {
                    #whole
                } else {
                    #chunked
                }
            }
        }
        None => chunked,
    };
    let mut block: ExprBlock = fill.into(quote_spanned! {span=> {
        match ::core::iter::IntoIterator::into_iter(#expr) {
            mut #iter => {
                static #site: ::threadmgr::__private::Site = ::threadmgr::__private::Site::new(#initial);
                #run
            }
        };
    }});
    block.attrs = attrs;
    Expr::Block(block)
}
