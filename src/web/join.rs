//! Runs a few futures at once on the page's single thread.
//!
//! A dozen lines instead of `futures_util`'s `join`/`join4`: those inline every joined future's
//! body into a generic poll function per combination, which cost several KB of wasm.

use core::future::{poll_fn, Future};
use core::pin::Pin;
use core::task::Poll;

/// A boxed future that reports through whatever it captured (e.g. a `Cell`).
pub type Task<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// Polls every task until all have finished.
pub async fn join_all(mut tasks: Vec<Task<'_>>) {
    poll_fn(move |cx| {
        tasks.retain_mut(|task| task.as_mut().poll(cx).is_pending());
        if tasks.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}
