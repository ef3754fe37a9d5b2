use super::*;

const APPLICANT: &[Part] = &[Part::Applicant];
const EXAMINER: &[Part] = &[Part::Examiner];
const REVIEWER: &[Part] = &[Part::Reviewer];
const CHIEF: &[Part] = &[Part::Chief];
const LEADER: &[Part] = &[Part::Leader];

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn who(n: u128, parts: &'static [Part]) -> Actor {
    Actor {
        user: Some(id(n)),
        parts,
    }
}

fn hands() -> Hands {
    Hands {
        examined_by: vec![id(1)],
        verified_by: vec![id(2)],
        chief_approved_by: None,
    }
}

fn input() -> StepInput {
    StepInput::default()
}

fn returned(missing: &[&str]) -> StepInput {
    StepInput {
        missing: missing.iter().map(|s| (*s).to_owned()).collect(),
        ..StepInput::default()
    }
}

fn refused(reason: &str) -> StepInput {
    StepInput {
        reason: reason.into(),
        ..StepInput::default()
    }
}

#[test]
fn the_straight_path_below_the_threshold() {
    let h = hands();
    let none = Hands::default();
    assert_eq!(
        check(
            Status::Submitted,
            Step::Examine,
            &who(1, EXAMINER),
            &none,
            &input()
        ),
        Ok(Status::Examined)
    );
    assert_eq!(
        check(
            Status::Examined,
            Step::Verify,
            &who(2, REVIEWER),
            &h,
            &input()
        ),
        Ok(Status::Verified)
    );
    assert_eq!(
        check(
            Status::Verified,
            Step::Approve,
            &who(3, CHIEF),
            &h,
            &input()
        ),
        Ok(Status::Approved)
    );
}

#[test]
fn at_or_above_the_threshold_a_leader_approves_after_the_chief() {
    let mut h = hands();
    let big = StepInput {
        needs_leader: true,
        ..StepInput::default()
    };
    assert_eq!(
        check(Status::Verified, Step::Approve, &who(3, CHIEF), &h, &big),
        Ok(Status::ChiefApproved)
    );
    h.chief_approved_by = Some(id(3));
    assert_eq!(
        check(
            Status::ChiefApproved,
            Step::Approve,
            &who(4, LEADER),
            &h,
            &big
        ),
        Ok(Status::Approved)
    );
    // The chief cannot give the leader's approval, nor a leader the chief's.
    assert_eq!(
        check(
            Status::ChiefApproved,
            Step::Approve,
            &who(3, CHIEF),
            &h,
            &big
        ),
        Err(WorkflowError::NotYours)
    );
    assert_eq!(
        check(
            Status::Verified,
            Step::Approve,
            &who(4, LEADER),
            &hands(),
            &big
        ),
        Err(WorkflowError::NotYours)
    );
}

#[test]
fn four_eyes_nobody_approves_or_verifies_what_they_examined_or_verified() {
    let h = hands();
    // One person holding every part still meets four eyes.
    const ALL: &[Part] = &[Part::Examiner, Part::Reviewer, Part::Chief, Part::Leader];
    assert_eq!(
        check(Status::Examined, Step::Verify, &who(1, ALL), &h, &input()),
        Err(WorkflowError::FourEyes)
    );
    for examiner_or_verifier in [1, 2] {
        assert_eq!(
            check(
                Status::Verified,
                Step::Approve,
                &who(examiner_or_verifier, ALL),
                &h,
                &input()
            ),
            Err(WorkflowError::FourEyes)
        );
    }
    let mut h2 = hands();
    h2.chief_approved_by = Some(id(3));
    assert_eq!(
        check(
            Status::ChiefApproved,
            Step::Approve,
            &who(3, ALL),
            &h2,
            &input()
        ),
        Err(WorkflowError::FourEyes)
    );
    // An earlier round's examiner counts too.
    let mut h3 = hands();
    h3.examined_by.push(id(7));
    assert_eq!(
        check(
            Status::Verified,
            Step::Approve,
            &who(7, CHIEF),
            &h3,
            &input()
        ),
        Err(WorkflowError::FourEyes)
    );
    assert_eq!(WorkflowError::FourEyes.code(), "four_eyes");
}

#[test]
fn each_step_is_taken_by_its_part_only() {
    let h = Hands::default();
    for (status, step, right, wrong) in [
        (Status::Submitted, Step::Examine, EXAMINER, REVIEWER),
        (Status::Examined, Step::Verify, REVIEWER, EXAMINER),
        (Status::Verified, Step::Approve, CHIEF, REVIEWER),
        (
            Status::ReturnedForCorrection,
            Step::Resubmit,
            APPLICANT,
            EXAMINER,
        ),
        (Status::Submitted, Step::Withdraw, APPLICANT, CHIEF),
    ] {
        assert!(check(status, step, &who(9, right), &h, &input()).is_ok());
        assert_eq!(
            check(status, step, &who(9, wrong), &h, &input()),
            Err(WorkflowError::NotYours),
            "{step:?} from {status:?}"
        );
    }
}

#[test]
fn returned_for_correction_names_the_missing_items_and_comes_back_submitted() {
    let h = Hands::default();
    for (status, part) in [
        (Status::Submitted, EXAMINER),
        (Status::Examined, REVIEWER),
        (Status::Verified, CHIEF),
    ] {
        assert_eq!(
            check(
                status,
                Step::Return,
                &who(5, part),
                &h,
                &returned(&["documents.发票"])
            ),
            Ok(Status::ReturnedForCorrection)
        );
        assert_eq!(
            check(status, Step::Return, &who(5, part), &h, &returned(&[" "])),
            Err(WorkflowError::MissingItems)
        );
        assert_eq!(
            check(
                status,
                Step::Return,
                &who(5, APPLICANT),
                &h,
                &returned(&["x"])
            ),
            Err(WorkflowError::NotYours)
        );
    }
    assert_eq!(
        check(
            Status::ReturnedForCorrection,
            Step::Resubmit,
            &who(6, APPLICANT),
            &h,
            &input()
        ),
        Ok(Status::Submitted)
    );
    // A returned application cannot be examined until resubmitted.
    assert_eq!(
        check(
            Status::ReturnedForCorrection,
            Step::Examine,
            &who(5, EXAMINER),
            &h,
            &input()
        ),
        Err(WorkflowError::NotNow("returned_for_correction", "examine"))
    );
}

#[test]
fn a_refusal_needs_a_reason_and_the_holder_of_the_step() {
    let h = hands();
    for (status, part) in [
        (Status::Submitted, EXAMINER),
        (Status::Examined, REVIEWER),
        (Status::Verified, CHIEF),
        (Status::ChiefApproved, LEADER),
    ] {
        assert_eq!(
            check(
                status,
                Step::Refuse,
                &who(8, part),
                &h,
                &refused("不符合条件")
            ),
            Ok(Status::Refused)
        );
        assert_eq!(
            check(status, Step::Refuse, &who(8, part), &h, &refused("  ")),
            Err(WorkflowError::ReasonRequired)
        );
    }
    assert_eq!(
        check(
            Status::Approved,
            Step::Refuse,
            &who(8, CHIEF),
            &h,
            &refused("x")
        ),
        Err(WorkflowError::NotNow("approved", "refuse"))
    );
}

#[test]
fn withdrawn_only_before_approval() {
    let h = Hands::default();
    for s in [
        Status::Submitted,
        Status::Examined,
        Status::Verified,
        Status::ChiefApproved,
        Status::ReturnedForCorrection,
    ] {
        assert_eq!(
            check(s, Step::Withdraw, &who(6, APPLICANT), &h, &input()),
            Ok(Status::Withdrawn)
        );
    }
    for s in [
        Status::Approved,
        Status::Disbursed,
        Status::Refused,
        Status::Withdrawn,
    ] {
        assert!(matches!(
            check(s, Step::Withdraw, &who(6, APPLICANT), &h, &input()),
            Err(WorkflowError::NotNow(..))
        ));
    }
}

#[test]
fn nothing_moves_a_closed_application_and_submit_is_not_a_transition() {
    const ALL: &[Part] = &[
        Part::Applicant,
        Part::Examiner,
        Part::Reviewer,
        Part::Chief,
        Part::Leader,
    ];
    let big = StepInput {
        missing: vec!["x".into()],
        reason: "x".into(),
        needs_leader: false,
    };
    for s in [
        Status::Approved,
        Status::Disbursed,
        Status::Refused,
        Status::Withdrawn,
    ] {
        for step in Step::ALL {
            assert!(
                check(s, step, &who(99, ALL), &Hands::default(), &big).is_err(),
                "{step:?} from {s:?}"
            );
        }
    }
    for s in Status::ALL {
        assert!(check(s, Step::Submit, &who(99, ALL), &Hands::default(), &big).is_err());
    }
}

#[test]
fn the_buttons_a_reader_sees_are_the_steps_they_may_take() {
    let h = hands();
    assert_eq!(
        steps_open(
            Status::Examined,
            &who(2, REVIEWER),
            &Hands::default(),
            false
        ),
        vec![Step::Verify, Step::Return, Step::Refuse]
    );
    // The examiner, now holding the reviewer's part too, is offered nothing on it.
    const BOTH: &[Part] = &[Part::Examiner, Part::Reviewer];
    assert_eq!(
        steps_open(Status::Examined, &who(1, BOTH), &h, false),
        vec![Step::Return, Step::Refuse]
    );
    assert_eq!(
        steps_open(Status::Submitted, &who(6, APPLICANT), &h, false),
        vec![Step::Withdraw]
    );
}

#[test]
fn disbursed_is_shown_once_an_approved_applications_payment_is_paid() {
    assert_eq!(shown_status(Status::Approved, true), Status::Disbursed);
    assert_eq!(shown_status(Status::Approved, false), Status::Approved);
    assert_eq!(shown_status(Status::Verified, true), Status::Verified);
}

#[test]
fn codes_round_trip() {
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
    }
    for s in Step::ALL {
        assert_eq!(Step::parse(s.as_str()), Some(s));
    }
    assert_eq!(Status::parse("paid"), None);
    assert!(Status::Refused.is_final() && !Status::Approved.is_final());
}
