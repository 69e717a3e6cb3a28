//! ignore-version-check: Openbravo's precedence, then the seed's honouring rule.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{client_pref, ctx, system_pref};
use webpos_version_guard::login::preference::{
    evaluate, resolve, Filter, PreferenceFinding, Problem, Resolution, DEFAULT_PROPERTY,
};
use webpos_version_guard::servers::wire::PreferenceRecord;

fn eval(records: &[PreferenceRecord]) -> PreferenceFinding {
    evaluate(records, DEFAULT_PROPERTY, &ctx())
}

fn honoured(id: &str, skip: bool) -> PreferenceFinding {
    PreferenceFinding::Honoured { skip, record_id: Some(id.into()) }
}

fn not_honoured(id: &str, problems: Vec<Problem>) -> PreferenceFinding {
    PreferenceFinding::NotHonoured { record_id: id.into(), problems }
}

#[test]
fn client_level_y_is_honoured_and_skips_the_check() {
    let finding = eval(&[client_pref("P1", "Y")]);
    assert_eq!(finding, honoured("P1", true));
    assert!(finding.skips_check());
}

#[test]
fn client_level_n_is_honoured_and_keeps_the_check() {
    let finding = eval(&[client_pref("P1", "N")]);
    assert_eq!(finding, honoured("P1", false));
    assert!(!finding.skips_check());
}

#[test]
fn no_record_means_not_set() {
    assert_eq!(eval(&[]), PreferenceFinding::NotSet);
    assert!(!eval(&[]).skips_check());
}

#[test]
fn system_level_y_is_not_honoured() {
    let finding = eval(&[system_pref("S1", "Y")]);
    assert_eq!(finding, not_honoured("S1", vec![Problem::SystemLevel]));
    assert!(!finding.skips_check());
    let text = finding.diagnostic(DEFAULT_PROPERTY);
    assert!(text.contains("not at system level (client/organization 0)"), "{text}");
}

#[test]
fn visible_at_client_zero_is_system_level() {
    let record = PreferenceRecord { visible_at_client: Some("0".into()), ..client_pref("S1", "Y") };
    assert_eq!(eval(&[record]), not_honoured("S1", vec![Problem::SystemLevel]));
}

#[test]
fn owned_by_system_but_visible_at_the_client_is_still_system_level() {
    let record = PreferenceRecord { client: "0".into(), ..client_pref("S1", "Y") };
    assert_eq!(eval(&[record]), not_honoured("S1", vec![Problem::SystemLevel]));
}

#[test]
fn user_filtered_y_is_not_honoured() {
    let record = PreferenceRecord { user: Some("U1".into()), ..client_pref("P1", "Y") };
    let finding = eval(&[record]);
    assert_eq!(finding, not_honoured("P1", vec![Problem::Filtered(Filter::User)]));
    assert!(finding.diagnostic(DEFAULT_PROPERTY).contains("clear the field User/Contact"));
}

#[test]
fn org_filtered_y_is_not_honoured() {
    let record =
        PreferenceRecord { visible_at_org: Some("STORE1".into()), ..client_pref("P1", "Y") };
    let finding = eval(&[record]);
    assert_eq!(finding, not_honoured("P1", vec![Problem::Filtered(Filter::Organization)]));
    assert!(finding.diagnostic(DEFAULT_PROPERTY).contains("Visible at Organization"));
}

#[test]
fn role_filtered_y_is_not_honoured() {
    let record = PreferenceRecord { visible_at_role: Some("R1".into()), ..client_pref("P1", "Y") };
    assert_eq!(eval(&[record]), not_honoured("P1", vec![Problem::Filtered(Filter::Role)]));
}

#[test]
fn window_filtered_y_is_not_honoured() {
    let record = PreferenceRecord { window: Some("W1".into()), ..client_pref("P1", "Y") };
    let mut context = ctx();
    context.window = Some("W1".into());
    assert_eq!(
        evaluate(&[record], DEFAULT_PROPERTY, &context),
        not_honoured("P1", vec![Problem::Filtered(Filter::Window)])
    );
}

#[test]
fn every_problem_is_listed_in_fix_order() {
    let record = PreferenceRecord {
        client: "0".into(),
        visible_at_client: None,
        user: Some("U1".into()),
        visible_at_role: Some("R1".into()),
        value: "yes".into(),
        ..client_pref("P1", "Y")
    };
    let finding = eval(&[record]);
    assert_eq!(
        finding,
        not_honoured(
            "P1",
            vec![
                Problem::SystemLevel,
                Problem::Filtered(Filter::User),
                Problem::Filtered(Filter::Role),
                Problem::InvalidValue("yes".into()),
            ]
        )
    );
}

#[test]
fn invalid_value_yes_is_not_honoured() {
    let finding = eval(&[client_pref("P1", "yes")]);
    assert_eq!(finding, not_honoured("P1", vec![Problem::InvalidValue("yes".into())]));
    let text = finding.diagnostic(DEFAULT_PROPERTY);
    assert!(
        text.contains(r#"set the value to Y (skip the check) or N (run it) instead of "yes""#),
        "{text}"
    );
}

#[test]
fn values_are_case_sensitive_and_exact() {
    for value in ["y", "n", "Y ", " Y", "true", "1", "", "YES", "Ｙ"] {
        let finding = eval(&[client_pref("P1", value)]);
        assert_eq!(
            finding,
            not_honoured("P1", vec![Problem::InvalidValue(value.into())]),
            "{value:?}"
        );
        assert!(!finding.skips_check());
    }
}

#[test]
fn conflicting_client_level_rows_are_a_conflict() {
    let finding = eval(&[client_pref("P1", "Y"), client_pref("P2", "N")]);
    assert_eq!(finding, PreferenceFinding::Conflict { record_ids: vec!["P1".into(), "P2".into()] });
    assert!(!finding.skips_check());
    assert!(finding.diagnostic(DEFAULT_PROPERTY).contains("conflicting records (P1, P2)"));
}

#[test]
fn equal_values_tied_are_no_conflict() {
    assert_eq!(eval(&[client_pref("P1", "Y"), client_pref("P2", "Y")]), honoured("P1", true));
}

#[test]
fn selected_breaks_a_tie() {
    let selected = PreferenceRecord { selected: true, ..client_pref("P2", "Y") };
    assert_eq!(eval(&[client_pref("P1", "N"), selected.clone()]), honoured("P2", true));
    // Order of the records does not matter.
    assert_eq!(eval(&[selected, client_pref("P1", "N")]), honoured("P2", true));
}

#[test]
fn two_selected_with_different_values_still_conflict() {
    let a = PreferenceRecord { selected: true, ..client_pref("P1", "Y") };
    let b = PreferenceRecord { selected: true, ..client_pref("P2", "N") };
    assert!(matches!(eval(&[a, b]), PreferenceFinding::Conflict { .. }));
}

#[test]
fn specific_client_beats_system() {
    // A system-level N loses to a client-level Y, whatever the order.
    let records = [system_pref("S1", "N"), client_pref("P1", "Y")];
    assert_eq!(eval(&records), honoured("P1", true));
    // Precedence 1 beats every later one: a system record with a user and selected still loses.
    let strong_system =
        PreferenceRecord { user: Some("U1".into()), selected: true, ..system_pref("S2", "N") };
    assert_eq!(eval(&[strong_system, client_pref("P1", "Y")]), honoured("P1", true));
}

#[test]
fn a_set_org_beats_an_empty_org_and_nearer_beats_farther() {
    let region =
        PreferenceRecord { visible_at_org: Some("REGION".into()), ..client_pref("R", "N") };
    let store = PreferenceRecord { visible_at_org: Some("STORE1".into()), ..client_pref("S", "N") };
    let star = PreferenceRecord { visible_at_org: Some("0".into()), ..client_pref("Z", "N") };
    let plain = client_pref("P", "Y");
    let winner = |records: &[PreferenceRecord]| match resolve(records, DEFAULT_PROPERTY, &ctx()) {
        Resolution::Winner(r) => r.id.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(winner(&[plain.clone(), region.clone()]), "R");
    assert_eq!(winner(&[region.clone(), store.clone()]), "S");
    assert_eq!(winner(&[store.clone(), region.clone(), star.clone(), plain.clone()]), "S");
    assert_eq!(winner(&[star, plain]), "Z");
}

#[test]
fn a_filtered_record_that_wins_hides_a_good_client_level_one() {
    // The user-level Y wins by precedence, and it is filtered: not honoured, the check runs.
    let user_level = PreferenceRecord { user: Some("U1".into()), ..client_pref("U", "Y") };
    let finding = eval(&[client_pref("P1", "Y"), user_level]);
    assert_eq!(finding, not_honoured("U", vec![Problem::Filtered(Filter::User)]));
}

#[test]
fn user_beats_role_beats_window() {
    let mut context = ctx();
    context.window = Some("W1".into());
    let user = PreferenceRecord { user: Some("U1".into()), ..client_pref("U", "Y") };
    let role = PreferenceRecord { visible_at_role: Some("R1".into()), ..client_pref("R", "N") };
    let window = PreferenceRecord { window: Some("W1".into()), ..client_pref("W", "N") };
    let id = |records: &[PreferenceRecord]| match resolve(records, DEFAULT_PROPERTY, &context) {
        Resolution::Winner(r) => r.id.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(id(&[role.clone(), user.clone(), window.clone()]), "U");
    assert_eq!(id(&[window.clone(), role.clone()]), "R");
    assert_eq!(id(&[client_pref("P", "Y"), window]), "W");
}

#[test]
fn records_outside_the_context_are_not_candidates() {
    let other_client = PreferenceRecord {
        client: "C2".into(),
        visible_at_client: Some("C2".into()),
        ..client_pref("X1", "N")
    };
    let other_user = PreferenceRecord { user: Some("U2".into()), ..client_pref("X2", "N") };
    let other_role =
        PreferenceRecord { visible_at_role: Some("R2".into()), ..client_pref("X3", "N") };
    let other_org =
        PreferenceRecord { visible_at_org: Some("STORE2".into()), ..client_pref("X4", "N") };
    let a_window = PreferenceRecord { window: Some("W1".into()), ..client_pref("X5", "N") };
    let inactive = PreferenceRecord { active: false, ..client_pref("X6", "N") };
    let other_property =
        PreferenceRecord { property: "OtherProperty".into(), ..client_pref("X7", "N") };
    let records =
        [other_client, other_user, other_role, other_org, a_window, inactive, other_property];
    assert_eq!(eval(&records), PreferenceFinding::NotSet);
    let mut with_good = records.to_vec();
    with_good.push(client_pref("P1", "Y"));
    assert_eq!(eval(&with_good), honoured("P1", true));
}

#[test]
fn empty_strings_count_as_unset_fields() {
    let record = PreferenceRecord {
        user: Some(String::new()),
        visible_at_role: Some(String::new()),
        visible_at_org: Some(String::new()),
        window: Some(String::new()),
        ..client_pref("P1", "Y")
    };
    assert_eq!(eval(&[record]), honoured("P1", true));
}

#[test]
fn the_property_name_is_configurable() {
    let custom = PreferenceRecord { property: "MY_IgnoreCheck".into(), ..client_pref("P1", "Y") };
    assert_eq!(
        evaluate(std::slice::from_ref(&custom), DEFAULT_PROPERTY, &ctx()),
        PreferenceFinding::NotSet
    );
    assert_eq!(evaluate(&[custom], "MY_IgnoreCheck", &ctx()), honoured("P1", true));
    assert!(PreferenceFinding::NotSet.diagnostic("MY_IgnoreCheck").contains("MY_IgnoreCheck"));
}

#[test]
fn before_login_central_tells_only_the_clients_unfiltered_record() {
    use webpos_version_guard::login::preference::{in_force_for_client, ClientLevel};
    let client = |id: &str, value: &str| PreferenceRecord {
        id: id.into(),
        client: "C1".into(),
        org: "0".into(),
        visible_at_client: Some("C1".into()),
        property: DEFAULT_PROPERTY.into(),
        value: value.into(),
        active: true,
        ..PreferenceRecord::default()
    };
    let told = |records: &[PreferenceRecord]| in_force_for_client(records, DEFAULT_PROPERTY, "C1");
    assert_eq!(
        told(&[client("P1", "Y")]),
        ClientLevel { skip: Some(true), record_id: Some("P1".into()) }
    );
    assert_eq!(told(&[client("P1", "N")]).skip, Some(false));
    // System level, another client, a filter, an inactive record, a bad value, a conflict: no
    // value in force at client level.
    let system =
        PreferenceRecord { client: "0".into(), visible_at_client: None, ..client("S", "Y") };
    let other = PreferenceRecord { visible_at_client: Some("C2".into()), ..client("O", "Y") };
    let for_user = PreferenceRecord { user: Some("U".into()), ..client("U", "Y") };
    let for_role = PreferenceRecord { visible_at_role: Some("R".into()), ..client("R", "Y") };
    let inactive = PreferenceRecord { active: false, ..client("I", "Y") };
    for records in [
        vec![system],
        vec![other],
        vec![for_user.clone()],
        vec![for_role],
        vec![inactive],
        vec![client("B", "yes")],
        vec![client("A", "Y"), client("B", "N")],
        vec![],
    ] {
        assert_eq!(told(&records), ClientLevel::default(), "{records:?}");
    }
    // A filtered record beside the client's own does not hide it; `selected` breaks a tie.
    assert_eq!(told(&[for_user, client("P1", "Y")]).skip, Some(true));
    let selected = PreferenceRecord { selected: true, ..client("B", "N") };
    assert_eq!(told(&[client("A", "Y"), selected]).skip, Some(false));
}

#[test]
fn unavailable_records_keep_the_check() {
    let finding = PreferenceFinding::Unavailable { error: "timed out after 5000 ms".into() };
    assert!(!finding.skips_check());
    assert!(finding.diagnostic(DEFAULT_PROPERTY).contains("timed out after 5000 ms"));
}
