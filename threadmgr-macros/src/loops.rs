//! Checkpoints in loops, at any depth (closure bodies included), so that a halt stops a loop
//! that runs for long however cheap its iterations are.
//!
//! - `while`, `while let`, `loop`, and a `for` whose body is expensive (see [`crate::cost`]):
//!   a check at the start of the body, once per iteration.
//! - A `for` whose body is cheap (the hot numeric loop): chunked, with one check per chunk of
//!   `CHUNK` (4096) items and an inner plain `for` over the chunk, which the compiler optimizes
//!   (vectorizes) as it would the original loop. See [`crate::generated::chunked_for`]. Slice
//!   iterators and integer ranges are split into sub-slices and sub-ranges, so that the inner
//!   loop has one exit as the original does; other iterators go through a counting adapter.
//!
//! In the chunked form the loop's label (the user's, or a generated `'__threadmgr_for_N` if an
//! unlabeled `break` needs one) moves to the outer loop, and unlabeled `break`s of the body are
//! retargeted to it ([`crate::breaks`]), so that `break`, `continue`, `break 'label` and
//! `continue 'label` all keep their meaning: `continue 'label` starts a new chunk, whose first
//! item is the next item. The loop's attributes stay on the whole construct.

use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr};

use crate::boundary::{self, runtime_code_only};
use crate::bounded::Bounded;
use crate::breaks::RetargetBreaks;
use crate::{cost, generated};

/// Instruments the loops of a body.
pub(crate) struct LoopChecks<'a> {
    /// How many labels were generated, to keep them unique in the body.
    labels: usize,
    /// The fns whose calls are cheap.
    bounded: &'a Bounded,
}

impl<'a> LoopChecks<'a> {
    pub(crate) fn new(bounded: &'a Bounded) -> Self {
        LoopChecks { labels: 0, bounded }
    }
}

impl VisitMut for LoopChecks<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if boundary::is_opaque(expr) {
            return;
        }
        // Decided before the nested loops are rewritten, on the body as the user wrote it.
        let chunk = matches!(expr, Expr::ForLoop(f) if !cost::of_block(&f.body, self.bounded).is_expensive());
        visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::ForLoop(_) if chunk => self.chunk(expr),
            Expr::ForLoop(for_loop) => per_iteration(&mut for_loop.body),
            Expr::While(while_loop) => per_iteration(&mut while_loop.body),
            Expr::Loop(expr_loop) => per_iteration(&mut expr_loop.body),
            _ => {}
        }
    }

    runtime_code_only!();
}

// Input:  'l: while COND { BODY }          (also `while let`, `loop`, and `for` with BODY expensive)
// Output: 'l: while COND { ::threadmgr::__private::check(&*__threadmgr_h); BODY }
fn per_iteration(body: &mut Block) {
    body.stmts
        .insert(0, generated::check(body.brace_token.span.join()));
}

impl LoopChecks<'_> {
    // Input:  #[attrs] 'l: for PAT in EXPR { BODY }       (BODY cheap; label optional)
    // Output: #[attrs] {
    //             match ::core::iter::IntoIterator::into_iter(EXPR) {
    //                 mut __threadmgr_iter => 'l: loop {
    //                     ::threadmgr::__private::check(&*__threadmgr_h);
    //                     let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter)
    //                         .next_chunk(&mut __threadmgr_iter);
    //                     for PAT in __threadmgr_chunk.items() { BODY' }
    //                     if __threadmgr_chunk.exhausted() { break; }
    //                 },
    //             };
    //         }
    // where BODY' is BODY with its unlabeled `break`s retargeted to 'l (a generated label when
    // the loop had none and a `break` needs one; no label when nothing needs it). When BODY has
    // a `continue 'l`, the chunk is `::threadmgr::__private::chunk(&mut __threadmgr_iter)`, which
    // leaves the items it did not take in the iterator.
    fn chunk(&mut self, expr: &mut Expr) {
        let Expr::ForLoop(mut for_loop) =
            std::mem::replace(expr, Expr::Verbatim(Default::default()))
        else {
            unreachable!("only called on a `for` loop");
        };
        let (label, users) = match for_loop.label.take() {
            Some(label) => (label.name, true),
            None => {
                self.labels += 1;
                (
                    generated::label(self.labels, for_loop.for_token.span),
                    false,
                )
            }
        };
        let mut retarget = RetargetBreaks {
            label: &label,
            used: false,
            continued: false,
        };
        retarget.visit_block_mut(&mut for_loop.body);
        let split = !retarget.continued;
        let label = (users || retarget.used).then_some(label);
        *expr = generated::chunked_for(for_loop, label, split);
    }
}
