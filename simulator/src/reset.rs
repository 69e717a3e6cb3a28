//! A TCP listener whose connections a handler can reset (RST), for the `reset` fault.
//!
//! Each accepted stream carries a shared flag; a handler gets the flag through axum's
//! `ConnectInfo<ResetHandle>`, sets it, and returns any response. When the server then writes
//! that response, the stream sets `SO_LINGER` to zero and fails the write, so the connection is
//! dropped with a TCP reset, as a crashed server or a middlebox would do it.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A listener whose streams can be reset by the handler serving them.
pub struct ResettableListener(pub TcpListener);

/// An accepted stream with its reset flag.
pub struct ResettableStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

/// What a handler holds to reset its own connection.
#[derive(Clone, Debug)]
pub struct ResetHandle(Arc<AtomicBool>);

impl ResetHandle {
    /// Resets the connection at the response's first write.
    pub fn reset(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl Listener for ResettableListener {
    type Io = ResettableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((inner, addr)) => {
                    let _ = inner.set_nodelay(true);
                    return (ResettableStream { inner, reset: Arc::default() }, addr);
                }
                // Out of descriptors and the like: back off briefly, as axum's own listener does.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

impl Connected<IncomingStream<'_, ResettableListener>> for ResetHandle {
    fn connect_info(stream: IncomingStream<'_, ResettableListener>) -> Self {
        ResetHandle(stream.io().reset.clone())
    }
}

impl ResettableStream {
    fn fail_with_reset(&self) -> io::Error {
        let _ = socket2::SockRef::from(&self.inner).set_linger(Some(Duration::ZERO));
        io::Error::new(io::ErrorKind::ConnectionReset, "simulated connection reset")
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.reset.load(Ordering::SeqCst) {
            return Poll::Ready(Err(self.fail_with_reset()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.reset.load(Ordering::SeqCst) {
            return Poll::Ready(Err(self.fail_with_reset()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.reset.load(Ordering::SeqCst) {
            return Poll::Ready(Err(self.fail_with_reset()));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
