//! Measure 2: policy funds. The programme catalogue; rules as versioned data with their
//! evaluation and simulation come in their own files.

pub mod programmes;

pub use programmes::{
    ProgrammeInput, ProgrammeView, create_programme, list_programmes, programme, update_programme,
};
