//! A `panic = "abort"` build cannot unwind, so it cannot halt: `#[haltable]` refuses it at
//! compile time with a message that says why and what to do.

use std::path::Path;
use std::process::Command;

#[test]
fn haltable_is_a_clear_compile_error_under_panic_abort() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A target directory of its own: the aborting build must not evict the ordinary one.
    let target = workspace.join("target").join("panic-abort-check");
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace)
        .args([
            "check",
            "--quiet",
            "--lib",
            "-p",
            "threadmgr-panic-abort",
            "--target-dir",
        ])
        .arg(&target)
        .args(["--config", "profile.dev.panic=\"abort\""])
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the aborting build compiled:\n{stderr}"
    );
    assert!(
        stderr.contains("#[haltable] needs panic = \"unwind\"")
            && stderr.contains("HaltToken::check"),
        "not the expected error:\n{stderr}"
    );
    assert!(
        stderr.contains("tests/editions/panic-abort/src/lib.rs:5"),
        "the error does not point at the attribute:\n{stderr}"
    );
}
