//! People who asked on `/ask` or the hotline: the language they asked in, and the answer sent
//! back to the contact they gave (an e-mail address, or a mobile number by SMS).
//!
//! The language is kept as a mark `asker_lang:{case id}:{tag}` (migration 0011 has no column
//! for it); a question without one is answered in the bureau's zh-CN.

use store::Tx;
use store::cases::CaseRecord;

use super::{Contact, Event, Lang};
use crate::{App, Result};

fn key(case: &str) -> String {
    format!("asker_lang:{case}:")
}

/// Remembers the language a question (its reference) was asked in.
pub async fn remember(app: &App, reference: &str, lang: Lang) -> Result<()> {
    let mut tx = app.db.begin().await?;
    store::notify::mark_once(
        &mut tx,
        &format!("{}{}", key(reference), lang.tag()),
        app.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn lang_of(tx: &mut Tx, case: &str) -> Result<Lang> {
    let k = key(case);
    Ok(store::notify::mark_with_prefix(tx, &k)
        .await?
        .and_then(|m| Lang::parse(m.strip_prefix(&k)?))
        .unwrap_or(Lang::ZhCn))
}

/// Sends a staff reply to the asker of a question that came without an account (the public
/// form, the hotline), in the reply's transaction. Questions from messaging groups are
/// answered in their group instead; a contact that is neither an e-mail address nor a mobile
/// number gets nothing.
pub(crate) async fn answered(app: &App, tx: &mut Tx, case: &CaseRecord, text: &str) -> Result<()> {
    if case.sender_key.is_some() {
        return Ok(());
    }
    let Some(contact) = case.contact.as_deref() else {
        return Ok(());
    };
    let lang = lang_of(tx, &case.id.to_string()).await?;
    let Some(to) = Contact::parse(contact, lang) else {
        return Ok(());
    };
    let event = Event::QuestionAnswered {
        case: case.id,
        to,
        answer: text.to_owned(),
    };
    super::emit(tx, app, event).await?;
    Ok(())
}
