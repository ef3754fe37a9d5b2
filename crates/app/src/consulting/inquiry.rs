//! Measure 3's case kind, `inquiry`: a question from an enterprise or anyone, on any channel.
//! It plugs into the case engine with hooks: an inquiry is routed by its topic (the measure it
//! is about) rather than by measure 3 alone, its words are indexed for the inquiry search, a
//! reply to an inquiry from a messaging group goes back to the group, and a staff reader sees
//! those replies' delivery state.

use std::sync::Arc;

use serde_json::Value;
use store::Tx;

use domain::MeasureNo;
use domain::calendar::SlaTarget;

use crate::cases::NewCase;
use crate::cases::kinds::{
    BoxFut, Kind, KindHooks, Opening, Recorded, Registry, Routing, Showing, done,
};
use crate::cases::sla::KindTargets;
use crate::org::distribution::{Route, route};
use crate::{App, Result};

/// The code an inquiry is filed under.
pub const KIND: &str = "inquiry";

/// An inquiry is answered within half a working day and settled within two; on the fast
/// channel within an hour and a day (when the bureau has set no targets of its own).
pub const TARGETS: KindTargets = KindTargets {
    normal: SlaTarget {
        first_response_minutes: 240,
        resolution_minutes: 2 * 420,
    },
    fast: SlaTarget {
        first_response_minutes: 60,
        resolution_minutes: 420,
    },
};

/// Registers the inquiry kind with the case engine.
pub fn register(r: &mut Registry) {
    r.register(Kind {
        code: KIND,
        measure: 3,
        categories: &[],
        needs_enterprise: false,
        sla: TARGETS,
        hooks: Arc::new(Inquiry),
    });
}

struct Inquiry;

impl KindHooks for Inquiry {
    /// An inquiry goes to the leading division of the measure it is about (of the item the text
    /// points at, when the table has it); otherwise it stays with its own measure's division.
    fn route<'a>(
        &'a self,
        app: &'a App,
        n: &'a NewCase,
        measure: MeasureNo,
    ) -> BoxFut<'a, Result<Option<Routing>>> {
        Box::pin(async move {
            let text = format!("{} {}", n.subject, n.body);
            let Some(topic) = n
                .topic
                .or_else(|| domain::consulting::detect_topic(&text))
                .and_then(|t| MeasureNo::new(t).ok())
            else {
                return Ok(None);
            };
            let route = match topic_route(app, topic, &text).await {
                Ok(r) => r,
                Err(_) => route(app, measure, None).await?,
            };
            Ok(Some(Routing {
                topic: Some(topic),
                route,
            }))
        })
    }

    /// The question's words (and who asked) are indexed for the inquiry search.
    fn on_open<'a>(&'a self, tx: &'a mut Tx, o: Opening<'a>) -> BoxFut<'a, Result<()>> {
        Box::pin(async move {
            let c = o.case;
            let text = format!(
                "{} {} {}",
                c.subject,
                c.body,
                c.contact_name.as_deref().unwrap_or("")
            );
            crate::cases::index_words(tx, c.id, &text).await
        })
    }

    /// A reply to an inquiry goes back to whoever asked: to a messaging group through its robot,
    /// to the contact given on `/ask` or at the hotline by e-mail or SMS.
    fn on_record<'a>(&'a self, tx: &'a mut Tx, r: Recorded<'a>) -> BoxFut<'a, Result<()>> {
        if r.record.record_kind.as_deref() != Some("reply_to_enterprise") {
            return done();
        }
        Box::pin(async move {
            super::outbox::enqueue_reply(r.app, tx, r.case, &r.record.content).await?;
            crate::notify::askers::answered(r.app, tx, r.case, &r.record.content).await?;
            Ok(())
        })
    }

    /// Staff see the replies sent to the group, with their delivery state.
    fn view<'a>(
        &'a self,
        rd: &'a mut Tx,
        s: Showing<'a>,
        extra: &'a mut serde_json::Map<String, Value>,
    ) -> BoxFut<'a, Result<()>> {
        if s.for_enterprise || s.case.sender_key.is_none() {
            return done();
        }
        Box::pin(async move {
            let deliveries = super::outbox::deliveries(rd, s.case.id).await?;
            extra.insert(
                "deliveries".into(),
                serde_json::to_value(deliveries).unwrap_or_default(),
            );
            Ok(())
        })
    }
}

/// The enterprise answered an inquiry that was waiting on it (a message in its group, a call
/// that joins it): the case goes back to in progress, so its SLA clock runs again and it is back
/// on the division's list. The caller writes `case` afterwards, in the same transaction.
pub(crate) async fn resume_on_answer(
    app: &App,
    tx: &mut Tx,
    ctx: &crate::Ctx,
    case: &mut store::cases::CaseRecord,
    now: i64,
) -> Result<()> {
    if case.status != domain::cases::Status::WaitingOnEnterprise {
        return Ok(());
    }
    // No note: the message or call just before it in the timeline is the answer.
    let to = domain::cases::Status::InProgress;
    crate::cases::join::move_status(app, tx, ctx, case, to, now).await
}

/// The route of a question about measure `t`: the item the text points at, if the table has
/// it, else the measure's leading division.
async fn topic_route(app: &App, t: MeasureNo, text: &str) -> Result<Route> {
    if let Some(hint) = domain::consulting::item_hint(t.get(), text) {
        let rows = {
            let mut rd = app.db.read().await?;
            store::distribution::for_measure(&mut rd, t).await?
        };
        if let Some(row) = rows.iter().find(|r| r.item.to_lowercase().contains(hint)) {
            return route(app, t, Some(&row.item)).await;
        }
    }
    route(app, t, None).await
}

#[cfg(test)]
mod tests {
    use super::TARGETS;

    #[test]
    fn the_fast_channel_has_shorter_targets() {
        let (normal, fast) = (TARGETS.normal, TARGETS.fast);
        assert!(fast.first_response_minutes < normal.first_response_minutes);
        assert!(fast.resolution_minutes < normal.resolution_minutes);
    }
}
