//! The current token of a thread, and the checkpoints that read it.
//!
//! Each thread has a current token flag in a thread-local, the "no token" flag (never
//! halted) unless a job boundary installed one. [`install`] sets it for the life of a guard that
//! restores the previous flag on every exit path, unwinding included.
//!
//! [`install_scope`] (what [`HaltToken::scope`] does) installs a flag *over* the current one:
//! the thread keeps, in `SCOPED`, the flags that the run of scopes at the top of its installs
//! was installed over. A closure made by `#[haltable]` code enters its creator's flag, except
//! when that flag is one of these (see [`is_scoped_over`]): the closure then runs inside a
//! scope its creator's context opened, and checks the scope's token. A job boundary or an entered
//! closure ([`install`]) starts a new context, with no scopes under it.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use crate::halt::Halted;
use crate::slot::HaltFlag;
use crate::token::{HaltToken, TokenInner};

#[cfg(not(loom))]
thread_local! {
    /// The flag checked by this thread's checkpoints. `const`-initialised and without a
    /// destructor, so reading it is a plain thread-local load.
    static CURRENT: Cell<&'static HaltFlag> = const { Cell::new(HaltFlag::NONE) };
    /// The flags that the run of `scope`s at the top of this thread's installs was installed
    /// over, oldest first; empty when the top install is not a scope.
    static SCOPED: RefCell<Vec<&'static HaltFlag>> = const { RefCell::new(Vec::new()) };
}

// Loom runs a model's threads on one OS thread, so they need loom's thread-locals.
#[cfg(loom)]
loom::thread_local! {
    static CURRENT: Cell<&'static HaltFlag> = Cell::new(HaltFlag::none());
    static SCOPED: RefCell<Vec<&'static HaltFlag>> = RefCell::new(Vec::new());
}

/// The current thread's flag.
#[inline(always)]
pub(crate) fn current() -> &'static HaltFlag {
    CURRENT.with(Cell::get)
}

/// The current thread's flag, read in a way the compiler cannot merge with an earlier read:
/// for cold paths, so that instrumented code's entry read (which needs only the slot half of
/// the flag) does not also load the other half, in case the cold path runs.
#[inline(always)]
pub(crate) fn current_reread() -> &'static HaltFlag {
    CURRENT.with(|current| std::hint::black_box(current).get())
}

/// Installs `flag` as the current thread's flag until the guard drops, in a new context:
/// no scope is open under it until it drops (a job boundary, an entered closure).
pub(crate) fn install(flag: &'static HaltFlag) -> InstallGuard {
    install_in(flag, &[])
}

/// Installs `flag` over the current flag until the guard drops ([`HaltToken::scope`]).
pub(crate) fn install_scope(flag: &'static HaltFlag) -> InstallGuard {
    flag.installed();
    let previous = CURRENT.with(|current| current.replace(flag));
    // Fails only while the thread's locals are being destroyed; the scope then is not seen
    // as one by closures, which enter their creator's flag as everywhere else.
    let pushed = SCOPED.try_with(|scoped| scoped.borrow_mut().push(previous));
    InstallGuard {
        installed: flag,
        previous,
        scoped: pushed.is_err().then(Vec::new),
    }
}

/// The flags that the run of scopes at the top of this thread's installs was installed over,
/// for work that carries this context to another thread (a rayon parallel iterator made
/// here, see `carried.rs`).
pub(crate) fn scoped_over() -> Vec<&'static HaltFlag> {
    SCOPED
        .try_with(|scoped| scoped.borrow().clone())
        .unwrap_or_default()
}

/// Installs `flag` until the guard drops, in a context whose open scopes were installed over
/// `scoped` ([`install`] passes none; on a rayon worker, a carried parallel iterator passes the
/// context of the thread that made it, so that a closure made before a scope there keeps the
/// scope's token here too).
pub(crate) fn install_in(flag: &'static HaltFlag, scoped: &[&'static HaltFlag]) -> InstallGuard {
    flag.installed();
    InstallGuard {
        installed: flag,
        previous: CURRENT.with(|current| current.replace(flag)),
        scoped: Some(
            SCOPED
                .try_with(|open| std::mem::replace(&mut *open.borrow_mut(), scoped.to_vec()))
                .unwrap_or_default(),
        ),
    }
}

/// Whether the run of scopes at the top of this thread's installs was installed over `flag`:
/// a closure whose creator's flag it is runs inside a scope its creator's context opened.
pub(crate) fn is_scoped_over(flag: &'static HaltFlag) -> bool {
    SCOPED
        .try_with(|scoped| scoped.borrow().contains(&flag))
        .unwrap_or(false)
}

/// How many halted tokens are installed on some thread right now; while it is not zero, every
/// check in the process takes its cold path (see `slot::HALTED_LEASES`).
pub(crate) fn halted_installed() -> usize {
    crate::slot::halted_installed()
}

/// Restores the previously installed flag (and the scopes under it) when dropped.
#[must_use = "the token is uninstalled when the guard drops"]
#[derive(Debug)]
pub(crate) struct InstallGuard {
    /// The flag this guard installed: its install ends when the guard drops.
    installed: &'static HaltFlag,
    previous: &'static HaltFlag,
    /// `None` for a scope (pop it), or the scopes that were open before a new context.
    scoped: Option<Vec<&'static HaltFlag>>,
}

impl Drop for InstallGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
        self.installed.uninstalled();
        let scoped = self.scoped.take();
        // As in `install_scope`: nothing to restore while the thread's locals are destroyed.
        let _ = SCOPED.try_with(|open| match scoped {
            Some(saved) => *open.borrow_mut() = saved,
            None => {
                open.borrow_mut().pop();
            }
        });
    }
}

/// Running with a token installed: here rather than in `token.rs`, so that the token knows
/// nothing of the thread-locals that checkpoints read.
impl HaltToken {
    /// Runs `f` on the current thread with this token installed; a halt inside becomes `Err`.
    ///
    /// Checkpoints in `f` (and in everything it calls, including closures that `#[haltable]`
    /// code hands to other threads) check this token. When it is halted, the checkpoint unwinds
    /// to here, running destructors on the way, and `scope` returns `Err(Halted)`. A panic in
    /// `f`, or the halt of another token, passes through unchanged. The previously installed
    /// token is restored on every exit path.
    ///
    /// # Errors
    ///
    /// [`Halted`] when `f` was halted at a checkpoint of this token. If the token is halted
    /// before `scope` starts, `f` still runs until its first checkpoint.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::HaltToken;
    ///
    /// let token = HaltToken::new();
    /// assert_eq!(token.scope(|| 6 * 7), Ok(42));
    /// token.halt();
    /// let result = token.scope(|| {
    ///     threadmgr::checkpoint();
    ///     unreachable!("the checkpoint unwinds")
    /// });
    /// assert!(result.is_err());
    /// ```
    pub fn scope<R>(&self, f: impl FnOnce() -> R) -> Result<R, Halted> {
        let flag = self.flag();
        let caught = {
            let _installed = install_scope(flag);
            panic::catch_unwind(AssertUnwindSafe(f))
        };
        match caught {
            Ok(value) => Ok(value),
            Err(payload) => match payload.downcast::<Halted>() {
                Ok(halted) if halted.origin() == flag.origin() => Err(*halted),
                Ok(other) => panic::resume_unwind(other),
                Err(payload) => panic::resume_unwind(payload),
            },
        }
    }
}

/// The checkpoint of generated code and of [`checkpoint`]: unwinds if the thread's current
/// token is halted.
///
/// The hot path is one relaxed load of a process-wide word, the number of halted tokens that
/// some thread has installed ([`crate::slot::any_halted`]), a compare and a branch: no
/// thread-local read, no register kept for a flag. Only while some installed token somewhere
/// is halted does a check read the thread's flag.
#[inline(always)]
pub(crate) fn check_any() {
    #[cfg(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri)))]
    preserving::check();
    #[cfg(not(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri))))]
    if crate::slot::any_halted() {
        check_current();
    }
}

/// The cold path of [`check_any`]: some token is halted; check the current thread's.
/// `#[inline]` for the reason given at `HaltFlag::check_slow`.
#[cfg(not(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri))))]
#[cold]
#[inline]
fn check_current() {
    current_reread().check_slow();
}

/// The check on x86-64 Linux: the same test, written so that its cold path preserves every
/// register.
///
/// The cold path of the portable check is a call that returns when the halted token is not this
/// thread's. A call clobbers the caller-saved registers, so every value that lives across a
/// check in a hot loop, or across the entry check of a small recursive fn, must be kept in a
/// callee-saved register or spilled, on the hot path too: measured, that cost `fib` 1.23x and a
/// Levenshtein row 1.55x, against 1.08x and 1.07x when the cold path cannot return.
///
/// Here the check is inline assembly that declares no clobber but the flags, and only reads
/// memory:
///
/// ```text
///     cmp qword ptr [rip + HALTED_LEASES], 0
///     jne 3f
/// 2:                          ; the hot path falls through: no taken branch
///     .pushsection (a cold text section)
/// 3:  call trampoline         ; every register preserved; ZF clear if this thread is halted
///     jne {halted}            ; a label block that unwinds, and never returns
///     jmp 2b
///     .popsection
/// ```
///
/// [`trampoline`] saves the general registers and the whole vector state (`xsave`, or
/// `fxsave` on a CPU without it) and calls [`halted_here`], which only reads (the thread's
/// flag and its slot's word). The unwind starts in the label block, Rust code of the
/// instrumented fn (inline assembly may not unwind on stable Rust), which takes the halt's
/// reason from the slot. So the hot path is the portable check's load, compare and branch,
/// and nothing in the fn around it has to survive a call.
///
/// The cold fragment has no unwind table entry of its own: a debugger's backtrace taken inside
/// the trampoline stops there. Nothing unwinds through it (`halted_here` cannot unwind).
#[cfg(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri)))]
mod preserving {
    use std::arch::{asm, naked_asm};

    use super::current_reread;
    use crate::halt::{self, HaltReason, Halted};
    use crate::slot;

    #[inline(always)]
    pub(super) fn check() {
        // SAFETY: the assembly reads one aligned word (an atomic load on x86-64) and calls
        // `trampoline`, which preserves every register but the flags, aligns the stack itself
        // for the call it makes (the assembly may use the stack: no `nostack`), writes nothing
        // but its own stack frame (`readonly`: `halted_here` only reads), and returns normally
        // (`halted_here` cannot unwind: it is `extern "C"`). The cold fragment jumps back to
        // `2:` or to the label block, both in this fn.
        unsafe {
            asm!(
                "cmp qword ptr [rip + {word}], 0",
                "jne 3f",
                "2:",
                ".pushsection .text.unlikely.threadmgr_check,\"ax\",@progbits",
                "3:",
                "call {trampoline}",
                "jne {halted}",
                "jmp 2b",
                ".popsection",
                word = sym slot::HALTED_LEASES,
                trampoline = sym trampoline,
                halted = label { unwind_halted() },
                options(readonly),
            );
        }
    }

    /// Whether the current thread's token is halted. Reads only. Called by [`trampoline`].
    extern "C" fn halted_here() -> bool {
        // While the thread unwinds already, a second unwind would abort: see `check_slow`.
        !std::thread::panicking() && current_reread().is_halted()
    }

    /// Unwinds for the halt that [`halted_here`] saw, with the reason its slot holds.
    #[cold]
    #[inline(never)]
    fn unwind_halted() -> ! {
        let flag = current_reread();
        match flag.try_check() {
            Err(halted) => halt::unwind(halted),
            // The token ended (its lease with it) between the trampoline's read and here: the
            // halt was seen, and is acted on, but its reason went with the token.
            Ok(()) => halt::unwind(Halted::new(
                HaltReason::Custom("halted; its token ended as the halt was seen".to_owned()),
                flag.origin(),
            )),
        }
    }

    /// Calls [`halted_here`] with every register preserved; returns with ZF clear when it
    /// returned true. Not a C function: only the assembly of [`check`] calls it.
    ///
    /// Frame: `rbp`, then the ten general registers the call may clobber (`rbx` too, which
    /// `cpuid` writes), then the answer byte at `rbp - 96`, then a 64-byte-aligned save area of
    /// 4 KiB. The `xsave` mask leaves out the AMX tiles (components 17 and 18, 8 KiB that no
    /// compiler keeps live across a call), so the standard-format image ends below 2.8 KiB;
    /// its header (bytes 512..576) is zeroed first, as `xrstor` requires. How to save is read
    /// from `slot::VECTOR_SAVE`, set before the first halt; were it not set, the trampoline
    /// asks CPUID (leaf 1, ECX bit 27: the OS enabled `xsave`).
    #[unsafe(naked)]
    unsafe extern "C" fn trampoline() {
        naked_asm!(
            ".cfi_startproc",
            "push rbp",
            ".cfi_adjust_cfa_offset 8",
            ".cfi_offset rbp, -16",
            "mov rbp, rsp",
            ".cfi_def_cfa_register rbp",
            "push rax",
            "push rcx",
            "push rdx",
            "push rsi",
            "push rdi",
            "push r8",
            "push r9",
            "push r10",
            "push r11",
            "push rbx",
            "sub rsp, 4224",
            "and rsp, -64",
            // Which save: 1 `xsave`, 2 `fxsave`; 0 (unknown) asks CPUID. Kept in `rbx`.
            "movzx ebx, byte ptr [rip + {save}]",
            "test ebx, ebx",
            "jnz 3f",
            "mov eax, 1",
            "cpuid",
            "mov ebx, 2",
            "bt ecx, 27",
            "jnc 3f",
            "mov ebx, 1",
            "3:",
            "cmp ebx, 1",
            "jne 5f",
            "xor ecx, ecx",
            "mov qword ptr [rsp + 512], rcx",
            "mov qword ptr [rsp + 520], rcx",
            "mov qword ptr [rsp + 528], rcx",
            "mov qword ptr [rsp + 536], rcx",
            "mov qword ptr [rsp + 544], rcx",
            "mov qword ptr [rsp + 552], rcx",
            "mov qword ptr [rsp + 560], rcx",
            "mov qword ptr [rsp + 568], rcx",
            "mov eax, 0xFFF9FFFF",
            "mov edx, 0xFFFFFFFF",
            "xsave64 [rsp]",
            "jmp 6f",
            "5:",
            "fxsave64 [rsp]",
            "6:",
            // `rbx` is callee-saved: the call keeps the choice.
            "call {query}",
            "mov byte ptr [rbp - 96], al",
            "cmp ebx, 1",
            "jne 7f",
            "mov eax, 0xFFF9FFFF",
            "mov edx, 0xFFFFFFFF",
            "xrstor64 [rsp]",
            "jmp 8f",
            "7:",
            "fxrstor64 [rsp]",
            "8:",
            // The answer in ZF; nothing below changes the flags.
            "cmp byte ptr [rbp - 96], 0",
            "lea rsp, [rbp - 80]",
            "pop rbx",
            "pop r11",
            "pop r10",
            "pop r9",
            "pop r8",
            "pop rdi",
            "pop rsi",
            "pop rdx",
            "pop rcx",
            "pop rax",
            "pop rbp",
            ".cfi_def_cfa rsp, 8",
            "ret",
            ".cfi_endproc",
            save = sym slot::VECTOR_SAVE,
            query = sym halted_here,
        )
    }

    #[cfg(test)]
    mod tests {
        use std::arch::asm;
        use std::sync::atomic::Ordering;

        use super::trampoline;
        use crate::slot::VECTOR_SAVE;

        /// Loads the nine general registers the trampoline's call may clobber (`rax`, `rcx`,
        /// `rdx`, `rsi`, `rdi`, `r8`..`r11`) and the sixteen vector registers with `$mov` (of
        /// `$reg` width), calls the trampoline, and stores them all back, with its answer (ZF).
        macro_rules! across_the_trampoline {
            ($mov:literal, $reg:literal, $vin:expr, $vout:expr, $gin:expr, $gout:expr, $hout:expr $(, $end:literal)?) => {
                asm!(
                    concat!($mov, " ", $reg, "0, [{vin}]"), concat!($mov, " ", $reg, "1, [{vin} + 32]"),
                    concat!($mov, " ", $reg, "2, [{vin} + 64]"), concat!($mov, " ", $reg, "3, [{vin} + 96]"),
                    concat!($mov, " ", $reg, "4, [{vin} + 128]"), concat!($mov, " ", $reg, "5, [{vin} + 160]"),
                    concat!($mov, " ", $reg, "6, [{vin} + 192]"), concat!($mov, " ", $reg, "7, [{vin} + 224]"),
                    concat!($mov, " ", $reg, "8, [{vin} + 256]"), concat!($mov, " ", $reg, "9, [{vin} + 288]"),
                    concat!($mov, " ", $reg, "10, [{vin} + 320]"), concat!($mov, " ", $reg, "11, [{vin} + 352]"),
                    concat!($mov, " ", $reg, "12, [{vin} + 384]"), concat!($mov, " ", $reg, "13, [{vin} + 416]"),
                    concat!($mov, " ", $reg, "14, [{vin} + 448]"), concat!($mov, " ", $reg, "15, [{vin} + 480]"),
                    "push {vout}",
                    "push {gout}",
                    "push {hout}",
                    "mov rax, [{gin}]", "mov rcx, [{gin} + 8]", "mov rdx, [{gin} + 16]",
                    "mov rsi, [{gin} + 24]", "mov rdi, [{gin} + 32]", "mov r8, [{gin} + 40]",
                    "mov r9, [{gin} + 48]", "mov r10, [{gin} + 56]", "mov r11, [{gin} + 64]",
                    "sub rsp, 8",
                    "call {trampoline}",
                    "lea rsp, [rsp + 8]",
                    // [rsp]: hout, gout, vout; then the flags and rax go on top.
                    "pushfq",
                    "push rax",
                    "mov rax, [rsp + 24]",
                    "mov [rax + 8], rcx", "mov [rax + 16], rdx", "mov [rax + 24], rsi",
                    "mov [rax + 32], rdi", "mov [rax + 40], r8", "mov [rax + 48], r9",
                    "mov [rax + 56], r10", "mov [rax + 64], r11",
                    "mov rcx, [rsp]",
                    "mov [rax], rcx",
                    // ZF is bit 6 of the flags: "halted" is ZF clear.
                    "mov rcx, [rsp + 8]",
                    "shr ecx, 6",
                    "and ecx, 1",
                    "xor ecx, 1",
                    "mov rdx, [rsp + 16]",
                    "mov byte ptr [rdx], cl",
                    "mov rax, [rsp + 32]",
                    "add rsp, 40",
                    concat!($mov, " [rax], ", $reg, "0"), concat!($mov, " [rax + 32], ", $reg, "1"),
                    concat!($mov, " [rax + 64], ", $reg, "2"), concat!($mov, " [rax + 96], ", $reg, "3"),
                    concat!($mov, " [rax + 128], ", $reg, "4"), concat!($mov, " [rax + 160], ", $reg, "5"),
                    concat!($mov, " [rax + 192], ", $reg, "6"), concat!($mov, " [rax + 224], ", $reg, "7"),
                    concat!($mov, " [rax + 256], ", $reg, "8"), concat!($mov, " [rax + 288], ", $reg, "9"),
                    concat!($mov, " [rax + 320], ", $reg, "10"), concat!($mov, " [rax + 352], ", $reg, "11"),
                    concat!($mov, " [rax + 384], ", $reg, "12"), concat!($mov, " [rax + 416], ", $reg, "13"),
                    concat!($mov, " [rax + 448], ", $reg, "14"), concat!($mov, " [rax + 480], ", $reg, "15"),
                    $($end,)?
                    vin = in(reg) $vin,
                    vout = in(reg) $vout,
                    gin = in(reg) $gin,
                    gout = in(reg) $gout,
                    hout = in(reg) $hout,
                    trampoline = sym trampoline,
                    out("rax") _, out("rcx") _, out("rdx") _, out("rsi") _, out("rdi") _,
                    out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                    out("xmm0") _, out("xmm1") _, out("xmm2") _, out("xmm3") _,
                    out("xmm4") _, out("xmm5") _, out("xmm6") _, out("xmm7") _,
                    out("xmm8") _, out("xmm9") _, out("xmm10") _, out("xmm11") _,
                    out("xmm12") _, out("xmm13") _, out("xmm14") _, out("xmm15") _,
                )
            };
        }

        /// The registers of [`across_the_trampoline!`], loaded with distinct values, must come
        /// back unchanged (`ymm` whole with AVX, else the `xmm` halves); returns the
        /// trampoline's answer.
        fn registers_across_the_trampoline(ymm: bool) -> bool {
            let gprs_in: [u64; 9] = std::array::from_fn(|i| 0x0101_0101_0101_0101 * (i as u64 + 1));
            let mut vectors_in = [[0u8; 32]; 16];
            for (i, v) in vectors_in.iter_mut().enumerate() {
                for (j, byte) in v.iter_mut().enumerate() {
                    *byte = (i * 32 + j) as u8 ^ 0x5A;
                }
            }
            let mut gprs_out = [0u64; 9];
            let mut vectors_out = [[0u8; 32]; 16];
            let mut halted: u8 = 0xFF;
            let (vin, vout) = (vectors_in.as_ptr(), vectors_out.as_mut_ptr());
            let (gin, gout, hout) = (gprs_in.as_ptr(), gprs_out.as_mut_ptr(), &raw mut halted);
            // SAFETY: loads and stores within the arrays above; the trampoline preserves every
            // register (which is what the test checks) and aligns its own stack.
            unsafe {
                if ymm {
                    across_the_trampoline!(
                        "vmovdqu",
                        "ymm",
                        vin,
                        vout,
                        gin,
                        gout,
                        hout,
                        "vzeroupper"
                    );
                } else {
                    across_the_trampoline!("movdqu", "xmm", vin, vout, gin, gout, hout);
                }
            }
            assert_eq!(gprs_out, gprs_in);
            let width = if ymm { 32 } else { 16 };
            for (i, (got, put)) in vectors_out.iter().zip(&vectors_in).enumerate() {
                assert_eq!(&got[..width], &put[..width], "vector register {i}");
            }
            halted != 0
        }

        #[test]
        fn the_trampoline_preserves_every_register_and_answers_not_halted() {
            let avx = std::arch::is_x86_feature_detected!("avx");
            // Each way of saving the vector state: unknown (asks CPUID), xsave, fxsave.
            for save in [0, 1, 2] {
                if save == 1 && !std::arch::is_x86_feature_detected!("xsave") {
                    continue;
                }
                VECTOR_SAVE.store(save, Ordering::Relaxed);
                // `fxsave` saves no upper halves: with it, only the `xmm` halves are checked.
                let halted = registers_across_the_trampoline(avx && save != 2);
                assert!(!halted, "no token is installed on this thread");
            }
            VECTOR_SAVE.store(0, Ordering::Relaxed);
        }

        #[test]
        fn the_trampoline_answers_halted_for_this_threads_halted_token() {
            let token = crate::HaltToken::new();
            let answer = token.scope(|| {
                token.halt();
                // `xmm` halves only: the other test may have this process use `fxsave` now.
                registers_across_the_trampoline(false)
            });
            assert_eq!(answer, Ok(true));
        }
    }
}

/// A manual checkpoint, for code that is not instrumented by `#[haltable]`.
///
/// Unwinds (running destructors on the way) if the current token is halted; the job boundary
/// turns that into [`JobError::Halted`](crate::JobError::Halted) or
/// [`Err(Halted)`](crate::Halted). Outside any job it does nothing.
///
/// # Panics
///
/// It does not panic, but it unwinds like a panic when the current token is halted, with a
/// [`Halted`](crate::Halted) payload and without printing anything.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltToken, checkpoint};
///
/// checkpoint(); // outside any job: nothing happens
///
/// let token = HaltToken::new();
/// token.halt();
/// let result = token.scope(|| {
///     for i in 0.. {
///         if i % 1024 == 0 {
///             checkpoint();
///         }
///     }
/// });
/// assert!(result.is_err());
/// ```
#[inline]
pub fn checkpoint() {
    check_any();
}

/// True if the current token is halted; false outside any job.
///
/// Lets code wind down on its own instead of being unwound at its next checkpoint.
///
/// # Examples
///
/// ```
/// use threadmgr::HaltToken;
///
/// assert!(!threadmgr::is_halted());
/// let token = HaltToken::new();
/// token.halt();
/// let saw = token.scope(threadmgr::is_halted).unwrap();
/// assert!(saw);
/// ```
#[inline]
pub fn is_halted() -> bool {
    current().is_halted()
}

/// The token installed on the current thread, or `None` outside any job.
///
/// # Examples
///
/// ```
/// use threadmgr::HaltToken;
///
/// assert_eq!(threadmgr::current_token(), None);
/// let token = HaltToken::new();
/// let seen = token.scope(threadmgr::current_token).unwrap();
/// assert_eq!(seen, Some(token));
/// ```
pub fn current_token() -> Option<HaltToken> {
    let owner = current().owner()?;
    owner
        .downcast::<TokenInner>()
        .ok()
        .map(HaltToken::from_inner)
}

/// Sleeps for `duration`, but wakes and halts at once when the current token is halted.
///
/// Outside any job it is [`std::thread::sleep`]. Halting wakes the sleeper through a condition
/// variable: it takes microseconds, not the rest of the sleep.
///
/// # Panics
///
/// Unwinds with a [`Halted`](crate::Halted) payload when the current token is halted, as
/// [`checkpoint`] does.
///
/// # Examples
///
/// ```
/// use std::time::{Duration, Instant};
///
/// let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(60)));
/// std::thread::sleep(Duration::from_millis(20));
/// let start = Instant::now();
/// job.halt();
/// assert!(job.join().is_err());
/// assert!(start.elapsed() < Duration::from_secs(30));
/// ```
pub fn sleep(duration: Duration) {
    current().sleep(duration);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_nests_and_restores() {
        let a = HaltToken::new();
        let b = HaltToken::new();
        assert!(current().is_none());
        {
            let _a = install(a.flag());
            assert_eq!(current(), a.flag());
            {
                let _b = install(b.flag());
                assert_eq!(current(), b.flag());
            }
            assert_eq!(current(), a.flag());
        }
        assert!(current().is_none());
    }

    #[test]
    fn install_is_restored_when_unwinding() {
        let a = HaltToken::new();
        let result = std::panic::catch_unwind(|| {
            let _a = install(a.flag());
            panic!("unwind through the guard");
        });
        assert!(result.is_err());
        assert!(current().is_none());
    }

    #[test]
    fn thread_locals_are_per_thread() {
        let a = HaltToken::new();
        let _a = install(a.flag());
        std::thread::spawn(|| assert!(current().is_none()))
            .join()
            .unwrap();
        assert_eq!(current(), a.flag());
    }

    #[test]
    fn free_functions_outside_a_job_do_nothing() {
        checkpoint();
        assert!(!is_halted());
        assert_eq!(current_token(), None);
        sleep(Duration::from_millis(1));
    }
}
