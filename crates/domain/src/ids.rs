//! Identifiers: UUIDv7, time-ordered, so that "order by id" is "order by creation".

/// Every stored object is identified by a UUIDv7.
pub type Id = uuid::Uuid;

/// A new time-ordered id.
pub fn new_id() -> Id {
    uuid::Uuid::now_v7()
}
