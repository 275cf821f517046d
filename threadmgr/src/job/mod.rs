//! Jobs: their ids, statuses and errors (`id.rs`), where their outcome goes
//! (`completion.rs`), the boundary they run inside (`boundary.rs`), their handles
//! (`handle.rs`), and [`spawn`], the standalone haltable thread (`spawn.rs`).

mod boundary;
mod completion;
mod handle;
mod id;
mod spawn;

pub(crate) use boundary::{drop_quietly, execute};
pub(crate) use completion::{Body, Completion, Job, terminal_status};
pub use handle::{HaltOnDrop, JobHandle};
pub(crate) use id::panic_message;
pub use id::{JobError, JobId, JobStatus};
pub(crate) use spawn::try_spawn_in;
pub use spawn::{spawn, try_spawn};
