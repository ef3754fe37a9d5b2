//! The organisation's reference data: the six divisions and the ten measures.
//!
//! Both are the policy itself, so every store is seeded with them (idempotently); admins may
//! edit a measure's wording later. The submodules hold the seeded reference data, the measures
//! and division names, the districts, the staff directory and working group, the
//! work-distribution table with its routing, and the table's import and export.

pub mod check;
pub mod distribution;
pub mod districts;
pub mod export;
pub mod import;
pub mod measures;
pub mod people;
pub mod reference;

pub use districts::{DISTRICT_KINDS, DistrictView, districts, import_districts};
pub use measures::{
    DivisionView, MeasureDetail, MeasureView, add_alias, divisions, measure, measure_detail,
    measures, update_measure,
};
pub use reference::{ALIASES, DIVISIONS, MEASURES, seed_reference};
