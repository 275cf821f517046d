//! The `tracing` feature: jobs run in the span they were appended or spawned in, and their life
//! is emitted as events with their id. Run with `cargo test --features tracing --test tracing`.
#![cfg(feature = "tracing")]

#[path = "support/manager.rs"]
mod manager_support;

use std::sync::{Arc, Mutex};

use manager_support::{PATIENCE, quiet_deliberate_panics};
use threadmgr::{JobError, ThreadManager};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// One event as recorded: its message, its `job` field, other fields, and the span it was in.
#[derive(Clone, Debug, Default)]
struct Seen {
    message: String,
    job: String,
    fields: Vec<(String, String)>,
    span: Option<String>,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

struct Fields<'a>(&'a mut Seen);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let value = format!("{value:?}");
        match field.name() {
            "message" => self.0.message = value,
            "job" => self.0.job = value,
            name => self.0.fields.push((name.to_owned(), value)),
        }
    }
}

impl<S> tracing_subscriber::Layer<S> for Recorder
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let mut seen = Seen {
            span: ctx.event_span(event).map(|span| span.name().to_owned()),
            ..Seen::default()
        };
        event.record(&mut Fields(&mut seen));
        self.0.lock().unwrap().push(seen);
    }
}

impl Recorder {
    /// The events of job `id`, as (message, span) pairs, in order.
    fn of(&self, id: threadmgr::JobId) -> Vec<Seen> {
        let id = id.to_string();
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|seen| seen.job == id)
            .cloned()
            .collect()
    }
}

/// One test: the subscriber is the global default (the pool's and the spawned threads must see
/// it), which can be set once per process.
#[test]
fn jobs_run_in_their_creators_span_and_report_their_life() {
    quiet_deliberate_panics();
    let recorder = Recorder::default();
    let dispatch = tracing::Dispatch::new(tracing_subscriber::registry().with(recorder.clone()));
    // Global, so that the pool's threads see it too; set once for this test binary.
    tracing::dispatcher::set_global_default(dispatch).unwrap();

    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let (finished, halted, panicked, spawned) = tracing::info_span!("batch").in_scope(|| {
        let finished = manager.append(|| 1).unwrap();
        let halted = manager
            .append(|| -> i32 {
                threadmgr::current_token().unwrap().halt();
                threadmgr::checkpoint();
                unreachable!()
            })
            .unwrap();
        let panicked = manager.append(|| -> i32 { panic!("deliberate") }).unwrap();
        let spawned = threadmgr::spawn(|| {
            let span = tracing::Span::current();
            span.metadata().map(|meta| meta.name().to_owned())
        });
        (finished, halted, panicked, spawned)
    });
    let ids = [finished.id(), halted.id(), panicked.id(), spawned.id()];
    manager.run().unwrap();
    assert_eq!(finished.join(), Ok(1));
    assert!(matches!(halted.join(), Err(JobError::Halted(_))));
    assert!(matches!(panicked.join(), Err(JobError::Panicked(_))));
    assert_eq!(spawned.join(), Ok(Some("batch".to_owned())));
    let cancelled = manager.append(|| 5).unwrap();
    let cancelled_id = cancelled.id();
    manager.stop();
    assert_eq!(
        cancelled.join_timeout(PATIENCE).unwrap(),
        Err(JobError::Cancelled)
    );

    let messages = |id| -> Vec<String> {
        recorder
            .of(id)
            .into_iter()
            .map(|seen| seen.message)
            .collect()
    };
    assert_eq!(messages(ids[0]), ["queued", "started", "finished"]);
    assert_eq!(messages(ids[1]), ["queued", "started", "halted"]);
    assert_eq!(messages(ids[2]), ["queued", "started", "panicked"]);
    assert_eq!(messages(ids[3]), ["started", "finished"]);
    assert_eq!(messages(cancelled_id), ["queued", "cancelled"]);
    // The events of the run are in the span the jobs were appended in.
    for id in ids {
        for seen in recorder.of(id) {
            if seen.message != "queued" {
                assert_eq!(seen.span.as_deref(), Some("batch"), "{seen:?}");
            }
        }
    }
    let halted_event = recorder
        .of(ids[1])
        .into_iter()
        .find(|seen| seen.message == "halted")
        .unwrap();
    assert!(
        halted_event
            .fields
            .iter()
            .any(|(name, value)| name == "reason" && value.contains("requested"))
    );
    let panicked_event = recorder
        .of(ids[2])
        .into_iter()
        .find(|seen| seen.message == "panicked")
        .unwrap();
    assert!(
        panicked_event
            .fields
            .iter()
            .any(|(name, value)| name == "panic" && value.contains("deliberate"))
    );
}
