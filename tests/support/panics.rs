//! Quieting the panics that tests cause on purpose.

/// Keeps the panic hook from printing the panics that tests cause on purpose: those whose
/// message starts with `deliberate`. Every other panic is printed as usual.
pub fn quiet_deliberate_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            if !message.is_some_and(|m| m.starts_with("deliberate")) {
                default(info);
            }
        }));
    });
}
