//! Measure 2: policy funds. The programme catalogue ([`programmes`]); each programme's rule as
//! versioned data ([`rules`]); a decision for one enterprise that explains itself ([`decide`]);
//! and the simulation of a version over the whole registry before it is published
//! ([`simulate`]). Money: the ledger every payment goes through ([`ledger`]).

pub mod applications;
pub mod bank;
pub mod batches;
pub mod decide;
pub mod figures;
pub mod free;
pub mod ledger;
pub mod payments;
pub mod programmes;
pub mod publicity;
pub mod rules;
pub mod simulate;
pub mod speed;

pub use decide::{DecisionRequest, DecisionView, decide};
pub use figures::{HeldFigures, record_figures};
pub use programmes::{
    ProgrammeInput, ProgrammeView, create_programme, list_programmes, programme, update_programme,
};
pub use rules::{NewRuleVersion, RuleVersionView, draft_version, list_versions, publish_version};
pub use simulate::{Simulation, simulate};
