//! Running one `#[ignore]`d test of the current test binary in a child process, so that an
//! abort there fails one test instead of killing the whole run.

/// Runs the `#[ignore]`d test `name` of this test binary in a child process with the variable
/// `marker` set (the test returns at once without it), and returns the child's output.
pub fn run_in_child(name: &str, marker: &str) -> std::process::Output {
    std::process::Command::new(std::env::current_exe().expect("the test binary has a path"))
        .args([
            name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(marker, "1")
        .output()
        .expect("the test binary runs")
}
