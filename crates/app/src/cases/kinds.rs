//! Case kinds as plug-ins. Each measure's module registers the kinds it brings (a code, the
//! measure it serves, its categories, whether a case needs an enterprise) with hooks that the
//! engine calls at fixed points: when it routes a new case, when it writes it, when a record is
//! added, when the status moves, and when a single case is shown.
//!
//! A kind also brings its default SLA targets; the clocks themselves are the engine's.
//! The engine never names a kind; it looks the kind up here and calls its hooks. The registry
//! is filled once at start-up ([`crate::App::new`]) and held in memory: looking a kind up costs
//! no query, and a hook a kind leaves out answers at once without allocating.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use store::Tx;
use store::cases::{CaseRecord, EventRecord, Party};

use super::NewCase;
use crate::org::distribution::Route;
use crate::{App, Ctx, Result};

/// The future a hook returns (hooks are called through `dyn`, so their futures are boxed).
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Ready at once with `Ok(())`. It has no size, so boxing it does not allocate.
struct Done;

impl Future for Done {
    type Output = Result<()>;
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Ready at once with `Ok(None)`: the kind leaves routing to the engine.
struct NoRouting;

impl Future for NoRouting {
    type Output = Result<Option<Routing>>;
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Ready(Ok(None))
    }
}

/// What a hook answers when it has nothing to do.
pub fn done<'a>() -> BoxFut<'a, Result<()>> {
    Box::pin(Done)
}

/// Where a kind sends a new case instead of its measure's leading division.
pub struct Routing {
    /// The measure the case is about, kept on the case (the "created" entry names it).
    pub topic: Option<domain::MeasureNo>,
    pub route: Route,
}

/// A case just written, in the transaction that writes it.
pub struct Opening<'a> {
    pub app: &'a App,
    pub ctx: &'a Ctx,
    pub case: &'a CaseRecord,
    /// The enterprise the case names, as the engine read it in this transaction.
    pub party: Option<&'a Party>,
}

/// A working record just added to a case (the case as it will be saved).
pub struct Recorded<'a> {
    pub app: &'a App,
    pub ctx: &'a Ctx,
    pub case: &'a CaseRecord,
    pub record: &'a EventRecord,
}

/// A status change, in its transaction: the case before and after it.
pub struct StatusMoved<'a> {
    pub app: &'a App,
    pub ctx: &'a Ctx,
    pub before: &'a CaseRecord,
    pub after: &'a CaseRecord,
}

/// A single case about to be shown to `ctx`.
pub struct Showing<'a> {
    pub app: &'a App,
    pub ctx: &'a Ctx,
    pub case: &'a CaseRecord,
    /// The reader is the enterprise itself (it never sees the bureau's internals).
    pub for_enterprise: bool,
}

/// What a kind adds to the engine. Every hook is optional.
pub trait KindHooks: Send + Sync {
    /// Routes a new case (reads only, before the write transaction). `None`: the engine routes
    /// it to the leading division of `measure` by the work-distribution table.
    fn route<'a>(
        &'a self,
        _app: &'a App,
        _new: &'a NewCase,
        _measure: domain::MeasureNo,
    ) -> BoxFut<'a, Result<Option<Routing>>> {
        Box::pin(NoRouting)
    }

    /// After the case and its "created" entry are written, before the case's audit entry.
    fn on_open<'a>(&'a self, _tx: &'a mut Tx, _o: Opening<'a>) -> BoxFut<'a, Result<()>> {
        done()
    }

    /// After a working record is added, before the case is saved.
    fn on_record<'a>(&'a self, _tx: &'a mut Tx, _r: Recorded<'a>) -> BoxFut<'a, Result<()>> {
        done()
    }

    /// After a status change is in the timeline, before the case is saved.
    fn on_status<'a>(&'a self, _tx: &'a mut Tx, _s: StatusMoved<'a>) -> BoxFut<'a, Result<()>> {
        done()
    }

    /// Fields of its own on a single case's view (`extra` is flattened into the view).
    fn view<'a>(
        &'a self,
        _rd: &'a mut Tx,
        _s: Showing<'a>,
        _extra: &'a mut serde_json::Map<String, serde_json::Value>,
    ) -> BoxFut<'a, Result<()>> {
        done()
    }
}

/// A kind without hooks of its own.
pub struct NoHooks;

impl KindHooks for NoHooks {}

static NO_HOOKS: NoHooks = NoHooks;

/// A kind of case as it registers itself.
#[derive(Clone)]
pub struct Kind {
    pub code: &'static str,
    /// The measure a case of this kind serves unless it says otherwise.
    pub measure: i64,
    /// The categories a case of this kind may carry (empty: none).
    pub categories: &'static [&'static str],
    /// Whether a case of this kind must name an enterprise.
    pub needs_enterprise: bool,
    /// The SLA targets when the bureau has set none for the kind ([`super::sla`]).
    pub sla: super::sla::KindTargets,
    pub hooks: Arc<dyn KindHooks>,
}

/// The kinds the engine knows, in the order they registered.
#[derive(Clone, Default)]
pub struct Registry {
    kinds: Vec<Kind>,
}

impl Registry {
    /// Adds a kind; a kind registered again under the same code replaces the first.
    pub fn register(&mut self, k: Kind) {
        match self.kinds.iter_mut().find(|x| x.code == k.code) {
            Some(slot) => *slot = k,
            None => self.kinds.push(k),
        }
    }

    pub fn get(&self, code: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.code == code)
    }

    /// The hooks of a kind; none for a code no module registers (a case of a kind since
    /// retired is still worked, shown and reported).
    pub fn hooks(&self, code: &str) -> &dyn KindHooks {
        match self.get(code) {
            Some(k) => k.hooks.as_ref(),
            None => &NO_HOOKS,
        }
    }

    pub fn all(&self) -> &[Kind] {
        &self.kinds
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.kinds.iter().map(|k| k.code).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_measures_register_their_kinds() {
        let r = crate::standard_kinds();
        assert_eq!(r.get("difficulty").map(|k| k.measure), Some(1));
        assert_eq!(r.get("inquiry").map(|k| k.measure), Some(3));
        assert!(r.get("nonsense").is_none());
        assert_eq!(r.codes(), ["difficulty", "inquiry"]);
    }
}
