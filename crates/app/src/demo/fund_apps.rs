//! Measure 2's demo applications: the SME international-market fund takes applications again
//! (the demo runs on today's date, past the 2020 programme's deadline), and the demo
//! enterprise's application for it waits on the portal, returned by the Foreign Trade
//! Division for a missing invoice, so done-when 2 can be walked from there.

use std::collections::BTreeMap;

use base64::Engine;
use domain::funds::workflow::Step;

use crate::funds::ProgrammeInput;
use crate::funds::applications::{self, Channel, DocumentUpload, NewApplication, StepRequest};
use crate::{App, Ctx, Principal, Result};

/// A one-page PDF standing for each document.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn as_user(app: &App, email: &str) -> Result<Option<Ctx>> {
    let mut rd = app.db.read().await?;
    Ok(store::users::find_by_email(&mut rd, email)
        .await?
        .map(|u| Ctx::user(Principal::from(&u))))
}

pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    let sme = {
        let mut rd = app.db.read().await?;
        store::funds::find_by_code(&mut rd, "sme_market_fund").await?
    };
    let (Some(sme), Some(firm), Some(staff)) = (
        sme,
        as_user(app, "enterprise@demo.lifeline.cn").await?,
        as_user(app, "staff.ft@demo.lifeline.cn").await?,
    ) else {
        return Ok(());
    };
    let reopen = ProgrammeInput {
        closes_on: Some(String::new()),
        ..ProgrammeInput::default()
    };
    crate::funds::update_programme(app, ctx, sme.id, &reopen).await?;
    let documents = sme
        .documents
        .iter()
        .map(|d| DocumentUpload {
            document: d.clone(),
            name: format!("{}.pdf", d.split(' ').next().unwrap_or("document")),
            content_base64: base64::engine::general_purpose::STANDARD.encode(PDF),
        })
        .collect();
    let n = NewApplication {
        programme_id: sme.id.to_string(),
        figures: BTreeMap::from([("market_costs".to_owned(), 2_560_000)]),
        documents,
        ..NewApplication::default()
    };
    let a = applications::submit(app, &firm, &n, Channel::Portal, Some("demo-sme-1")).await?;
    let invoice = sme
        .documents
        .iter()
        .find(|d| d.starts_with("发票"))
        .cloned()
        .unwrap_or_default();
    let ret = StepRequest {
        missing: vec![format!("documents.{invoice}")],
        note: Some("缺少第三季度广交会展位费发票 The Q3 fair-booth invoice is missing".into()),
        ..StepRequest::default()
    };
    applications::take_step(app, &staff, &a.application.id, Step::Return, &ret).await?;
    Ok(())
}
