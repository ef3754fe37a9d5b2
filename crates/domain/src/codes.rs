//! Every code a [`FieldError`](crate::FieldError) can carry, from the parsers here, the use
//! cases in `app` and the request decoding in `web`. The codes are stable (API clients match
//! on them) and name the messages in the interface catalogues (`err-<code>` in
//! `web/locales/<locale>/errors.ftl`), which is how a validation message reaches a page or
//! an API client in their language. Two tests keep this list honest: one in `web` fails when
//! a code used in the sources is missing here, one when a code here has no message in a
//! catalogue. Add a code here when you add it to the code; never rename one.

/// The field error codes, in alphabetical order.
pub const FIELD_CODES: &[&str] = &[
    "alias_taken",
    "assignee_outside_scope",
    "before_first_response",
    "before_from",
    "budget_exceeded",
    "code_expired",
    "conflicting_fields",
    "deadline_passed",
    "duplicate",
    "duplicate_language",
    "email_taken",
    "empty_file",
    "file_content_mismatch",
    "file_empty",
    "file_too_large",
    "file_type_not_allowed",
    "four_eyes",
    "invalid",
    "invalid_base64",
    "invalid_calendar_day",
    "invalid_cell",
    "invalid_character",
    "invalid_choice",
    "invalid_code",
    "invalid_contact",
    "invalid_country",
    "invalid_cursor",
    "invalid_date",
    "invalid_datetime",
    "invalid_district",
    "invalid_email",
    "invalid_id",
    "invalid_idempotency_key",
    "invalid_kind",
    "invalid_measure",
    "invalid_number",
    "invalid_phone",
    "invalid_transition",
    "invalid_type",
    "invalid_url",
    "leader_only",
    "leader_taken",
    "missing_items_required",
    "mobile_length",
    "mobile_prefix",
    "money_empty",
    "money_format",
    "money_grouping",
    "money_overflow",
    "money_too_precise",
    "more_than_total",
    "name_differs",
    "negative",
    "no_bank_account",
    "no_rule_in_effect",
    "no_words",
    "not_a_measure_1_contact",
    "not_a_mobile",
    "not_an_official",
    "not_applicable",
    "not_found",
    "not_open_yet",
    "not_positive",
    "not_programme_year",
    "not_settled",
    "not_your_step",
    "office_length",
    "other_division",
    "out_of_range",
    "outside_your_district",
    "password_common",
    "password_too_short",
    "phone_bad_char",
    "ratio_format",
    "ratio_overflow",
    "ratio_too_precise",
    "reason_required",
    "refused",
    "required",
    "too_long",
    "too_many_tries",
    "too_short",
    "unknown_account",
    "unknown_action",
    "unknown_category",
    "unknown_channel",
    "unknown_district",
    "unknown_division",
    "unknown_document",
    "unknown_enterprise",
    "unknown_field",
    "unknown_format",
    "unknown_hotline",
    "unknown_item",
    "unknown_kind",
    "unknown_language",
    "unknown_platform",
    "unknown_priority",
    "unknown_programme",
    "unknown_record_kind",
    "unknown_role",
    "unknown_status",
    "unknown_time_zone",
    "unknown_user",
    "unknown_version",
    "unknown_wg_role",
    "unreadable_file",
    "uscc_bad_char",
    "uscc_banned_letter",
    "uscc_check_digit",
    "uscc_length",
    "wrong_code",
    "wrong_district",
];

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_sorted_unique_snake_case() {
        let mut sorted = super::FIELD_CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, super::FIELD_CODES);
        for c in super::FIELD_CODES {
            assert!(
                c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{c} is not snake_case"
            );
        }
    }
}
