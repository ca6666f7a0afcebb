//! A request that would break a rule, overwrite something or sweep other changes into a
//! commit: nothing is written, and the command exits 1 with the reason (SPEC §6).

/// Refused; the message says why and what to do instead.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

impl Refusal {
    pub fn new(message: impl Into<String>) -> Self {
        Refusal(message.into())
    }

    /// Whether an error chain holds a refusal (exit 1) rather than a failure (exit 2).
    pub fn is_in(error: &anyhow::Error) -> bool {
        error.chain().any(|c| c.is::<Refusal>())
    }
}
