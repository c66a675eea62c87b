//! Email campaigns (20 operations: Email Campaigns, Email Campaigns AB Tests, Email
//! Scheduling): the exact request of each and the decoding of an answer in the contract's
//! shape. The same operations against the sandbox, with state, are in `emails.rs`.

use ctct_models::DateTime;
use ctct_models::endpoint::{Method, NoContent};
use ctct_models::v3::emails::{
    ABTestDataInput, CampaignActivityInclude, CampaignActivityRole, CampaignActivityStatus,
    CampaignStatus, CreateEmailAbTest, CreateEmailCampaign, CreateResendToNonOpeners,
    DeleteEmailAbTest, DeleteEmailCampaign, DeleteResendToNonOpeners, EmailCampaignActivityInput,
    EmailCampaignActivityPutRequest, EmailCampaignComplete, EmailCampaignName, EmailScheduleInput,
    EmailTestSendInput, GetEmailAbTest, GetEmailCampaign, GetEmailCampaignActivity,
    GetEmailCampaignActivityPreview, GetEmailCampaignIdXrefs, GetEmailCampaigns, GetEmailSchedules,
    GetEmailSendHistory, GetResendToNonOpeners, PutEmailCampaignActivity, RenameEmailCampaign,
    ResendToNonOpenersInput, ScheduleEmailCampaignActivity, SendStatus,
    TestSendEmailCampaignActivity, UnscheduleEmailCampaignActivity,
};

use super::{Case, bare, decodes, with_json};

const CAMPAIGN: &str = "8987dc1a-48ef-433a-b836-7ca4f9aa3481";
const ACTIVITY: &str = "4c08372c-957a-48b5-bc45-72c7f00796cd";

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn activity_input() -> EmailCampaignActivityInput {
    EmailCampaignActivityInput::new(
        5,
        "Joe".into(),
        "owner@joesflowers.example".into(),
        "owner@joesflowers.example".into(),
        "Spring".into(),
        "<html><body>[[trackingImage]]Hi</body></html>".into(),
    )
}

pub fn wire() -> Vec<Case> {
    let mut put = EmailCampaignActivityPutRequest::new(
        "owner@joesflowers.example".into(),
        "Joe".into(),
        "owner@joesflowers.example".into(),
        "Spring".into(),
    );
    put.contact_list_ids = vec!["0a1b".into()];
    let mut resend = ResendToNonOpenersInput::new("Did you see?".into());
    resend.delay_days = Some(3);
    vec![
        bare(
            GetEmailCampaigns::new()
                .limit(10)
                .after_date(at("2026-01-01T00:00:00Z")),
            Method::Get,
            "/emails?limit=10&after_date=2026-01-01T00%3A00%3A00.000Z",
        ),
        with_json(
            CreateEmailCampaign::new(EmailCampaignComplete::new(
                "Spring".into(),
                vec![activity_input()],
            )),
            Method::Post,
            "/emails",
            r#"{"name":"Spring","email_campaign_activities":[{"format_type":5,"from_name":"Joe","from_email":"owner@joesflowers.example","reply_to_email":"owner@joesflowers.example","subject":"Spring","html_content":"<html><body>[[trackingImage]]Hi</body></html>"}]}"#,
        ),
        bare(
            GetEmailCampaign::new(CAMPAIGN),
            Method::Get,
            &format!("/emails/{CAMPAIGN}"),
        ),
        bare(
            DeleteEmailCampaign::new(CAMPAIGN),
            Method::Delete,
            &format!("/emails/{CAMPAIGN}"),
        ),
        with_json(
            RenameEmailCampaign::new(CAMPAIGN, EmailCampaignName::new("Summer".into())),
            Method::Patch,
            &format!("/emails/{CAMPAIGN}"),
            r#"{"name":"Summer"}"#,
        ),
        bare(
            GetEmailCampaignIdXrefs::new().v2_email_campaign_ids(["1100567546598", "7"]),
            Method::Get,
            "/emails/campaign_id_xrefs?v2_email_campaign_ids=1100567546598%2C7",
        ),
        bare(
            GetEmailCampaignActivity::new(ACTIVITY).include([
                CampaignActivityInclude::HtmlContent,
                CampaignActivityInclude::PermalinkUrl,
            ]),
            Method::Get,
            &format!("/emails/activities/{ACTIVITY}?include=html_content%2Cpermalink_url"),
        ),
        with_json(
            PutEmailCampaignActivity::new(ACTIVITY, put),
            Method::Put,
            &format!("/emails/activities/{ACTIVITY}"),
            r#"{"contact_list_ids":["0a1b"],"from_email":"owner@joesflowers.example","from_name":"Joe","reply_to_email":"owner@joesflowers.example","subject":"Spring"}"#,
        ),
        bare(
            GetEmailSchedules::new(ACTIVITY),
            Method::Get,
            &format!("/emails/activities/{ACTIVITY}/schedules"),
        ),
        with_json(
            ScheduleEmailCampaignActivity::new(
                ACTIVITY,
                EmailScheduleInput::new(at("2030-05-17T16:37:59.091Z")),
            ),
            Method::Post,
            &format!("/emails/activities/{ACTIVITY}/schedules"),
            r#"{"scheduled_date":"2030-05-17T16:37:59.091Z"}"#,
        ),
        bare(
            UnscheduleEmailCampaignActivity::new(ACTIVITY),
            Method::Delete,
            &format!("/emails/activities/{ACTIVITY}/schedules"),
        ),
        with_json(
            TestSendEmailCampaignActivity::new(
                ACTIVITY,
                EmailTestSendInput {
                    personal_message: Some("Have a look".into()),
                    ..EmailTestSendInput::new(vec!["ada@example.com".into()])
                },
            ),
            Method::Post,
            &format!("/emails/activities/{ACTIVITY}/tests"),
            r#"{"email_addresses":["ada@example.com"],"personal_message":"Have a look"}"#,
        ),
        bare(
            GetEmailCampaignActivityPreview::new(ACTIVITY),
            Method::Get,
            &format!("/emails/activities/{ACTIVITY}/previews"),
        ),
        bare(
            GetEmailSendHistory::new(ACTIVITY),
            Method::Get,
            &format!("/emails/activities/{ACTIVITY}/send_history"),
        ),
        bare(
            GetResendToNonOpeners::new(ACTIVITY),
            Method::Get,
            &format!("/emails/activities/{ACTIVITY}/non_opener_resends"),
        ),
        with_json(
            CreateResendToNonOpeners::new(ACTIVITY, resend),
            Method::Post,
            &format!("/emails/activities/{ACTIVITY}/non_opener_resends"),
            r#"{"resend_subject":"Did you see?","delay_days":3}"#,
        ),
        bare(
            DeleteResendToNonOpeners::new(ACTIVITY, "DRAFT"),
            Method::Delete,
            &format!("/emails/activities/{ACTIVITY}/non_opener_resends/DRAFT"),
        ),
        bare(
            GetEmailAbTest::new(ACTIVITY),
            Method::Get,
            &format!("/emails/activities/{ACTIVITY}/abtest"),
        ),
        with_json(
            CreateEmailAbTest::new(ACTIVITY, ABTestDataInput::new("Or this?".into(), 30, 24)),
            Method::Post,
            &format!("/emails/activities/{ACTIVITY}/abtest"),
            r#"{"alternative_subject":"Or this?","test_size":30,"winner_wait_duration":24}"#,
        ),
        bare(
            DeleteEmailAbTest::new(ACTIVITY),
            Method::Delete,
            &format!("/emails/activities/{ACTIVITY}/abtest"),
        ),
    ]
}

const CAMPAIGN_BODY: &str = r#"{"campaign_activities":[
      {"campaign_activity_id":"4c08372c-957a-48b5-bc45-72c7f00796cd","role":"primary_email"},
      {"campaign_activity_id":"0e3feddd-c8da-4d53-a507-aae5082b8b75","role":"permalink"}],
    "campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481","created_at":"2018-02-06T22:09:15.000Z",
    "current_status":"Draft","name":"Spring","type":"NEWSLETTER","type_code":10,
    "updated_at":"2018-06-27T10:28:09.000Z"}"#;

const ACTIVITY_BODY: &str = r#"{"campaign_activity_id":"4c08372c-957a-48b5-bc45-72c7f00796cd",
    "campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481","role":"primary_email",
    "contact_list_ids":["0a1b"],"segment_ids":[],"current_status":"DRAFT","format_type":5,
    "from_email":"owner@joesflowers.example","from_name":"Joe",
    "reply_to_email":"owner@joesflowers.example","subject":"Spring","html_content":"<p>Hi</p>",
    "physical_address_in_footer":{"address_line1":"1 Main St","country_code":"US",
      "country_name":"United States","organization_name":"Joe's Flowers"},
    "document_properties":{"letter_format":"HTML","text_content":"Hi"}}"#;

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetEmailCampaigns>(
            200,
            r#"{"_links":{"next":{"href":"/v3/emails?cursor=abc"}},
                "campaigns":[{"campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481",
                  "current_status":"Removed","name":"Spring","type_code":10},
                 {"campaign_id":"e4cf53f0-e37f-11e8-9f32-f2801f1b9fd1","current_status":"Paused"}]}"#,
            |page| {
                let c = page.campaigns.unwrap();
                assert_eq!(c[0].current_status, Some(CampaignStatus::Removed));
                assert_eq!(c[0].campaign_id.as_deref(), Some(CAMPAIGN));
                // A status the SDK does not know is kept, not an error.
                assert_eq!(
                    c[1].current_status,
                    Some(CampaignStatus::Unknown("Paused".into()))
                );
                assert!(page.links.unwrap().next.unwrap().href.is_some());
            },
        ),
        decodes::<CreateEmailCampaign>(200, CAMPAIGN_BODY, |c| {
            let roles: Vec<_> = c
                .campaign_activities
                .unwrap()
                .into_iter()
                .map(|a| a.role.unwrap())
                .collect();
            assert_eq!(
                roles,
                [
                    CampaignActivityRole::PrimaryEmail,
                    CampaignActivityRole::Permalink
                ]
            );
        }),
        decodes::<GetEmailCampaign>(200, CAMPAIGN_BODY, |c| {
            assert_eq!(c.current_status, Some(CampaignStatus::Draft));
            assert_eq!(c.type_.as_deref(), Some("NEWSLETTER"));
            assert!(c.created_at.is_some());
        }),
        decodes::<DeleteEmailCampaign>(204, "", |done: NoContent| assert_eq!(done, NoContent)),
        decodes::<RenameEmailCampaign>(200, CAMPAIGN_BODY, |c| {
            assert_eq!(c.name.as_deref(), Some("Spring"));
        }),
        decodes::<GetEmailCampaignIdXrefs>(
            200,
            r#"{"xrefs":[{"v2_email_campaign_id":"1100567546598",
                 "campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481",
                 "campaign_activity_id":"4c08372c-957a-48b5-bc45-72c7f00796cd"}]}"#,
            |x| {
                let x = &x.xrefs.unwrap()[0];
                assert_eq!(x.v2_email_campaign_id.as_deref(), Some("1100567546598"));
                assert_eq!(x.campaign_activity_id.as_deref(), Some(ACTIVITY));
            },
        ),
        decodes::<GetEmailCampaignActivity>(200, ACTIVITY_BODY, |a| {
            assert_eq!(a.current_status, Some(CampaignActivityStatus::Draft));
            assert_eq!(a.format_type, Some(5));
            let footer = a.physical_address_in_footer.unwrap();
            assert_eq!(footer.country_name.as_deref(), Some("United States"));
            assert_eq!(
                a.document_properties.unwrap().letter_format.as_deref(),
                Some("HTML")
            );
        }),
        decodes::<PutEmailCampaignActivity>(200, ACTIVITY_BODY, |a| {
            assert_eq!(a.contact_list_ids.unwrap()[0].as_str(), "0a1b");
        }),
        decodes::<GetEmailSchedules>(200, "[]", |s| {
            assert_eq!(s.schedules, Some(Vec::new()));
        }),
        decodes::<ScheduleEmailCampaignActivity>(
            201,
            r#"[{"scheduled_date":"2030-05-17T16:37:59.091Z"}]"#,
            |s| {
                let d = s.schedules.unwrap()[0].scheduled_date.unwrap();
                assert_eq!(d.to_string(), "2030-05-17T16:37:59.091Z");
            },
        ),
        decodes::<UnscheduleEmailCampaignActivity>(204, "", |done: NoContent| {
            assert_eq!(done, NoContent);
        }),
        decodes::<TestSendEmailCampaignActivity>(204, "", |done: NoContent| {
            assert_eq!(done, NoContent);
        }),
        decodes::<GetEmailCampaignActivityPreview>(
            200,
            r#"{"campaign_activity_id":"4c08372c-957a-48b5-bc45-72c7f00796cd",
                "from_email":"owner@joesflowers.example","from_name":"Joe","subject":"Spring",
                "preview_html_content":"<p>Hi</p>","preview_text_content":"Hi"}"#,
            |p| {
                assert_eq!(p.preview_html_content.as_deref(), Some("<p>Hi</p>"));
                assert_eq!(p.preview_text_content.as_deref(), Some("Hi"));
            },
        ),
        decodes::<GetEmailSendHistory>(
            200,
            r#"[{"send_id":1,"contact_list_ids":["0a1b"],"count":200,
                 "run_date":"2018-06-27T10:28:09.000Z","send_status":"COMPLETED","reason_code":0},
                {"send_id":2,"segment_ids":[4],"count":0,"send_status":"COMPLETED","reason_code":12}]"#,
            |h| {
                let sends = h.sends.unwrap();
                assert_eq!(sends.len(), 2);
                assert_eq!(sends[0].send_status, Some(SendStatus::Completed));
                assert_eq!(sends[1].segment_ids.as_ref().unwrap()[0], 4);
                assert_eq!(sends[1].reason_code, Some(12));
            },
        ),
        decodes::<GetResendToNonOpeners>(
            200,
            r#"[{"resend_subject":"Did you see?","delay_days":3,"delay_minutes":4320,
                 "resend_request_id":"DRAFT","resend_status":"DRAFT"}]"#,
            |r| {
                let r = &r.resends.unwrap()[0];
                assert_eq!(r.resend_request_id.as_deref(), Some("DRAFT"));
                assert_eq!(r.delay_minutes, Some(4320));
            },
        ),
        decodes::<CreateResendToNonOpeners>(
            201,
            r#"{"resend_subject":"Did you see?","delay_minutes":1000,"resend_request_id":"389093"}"#,
            |r| {
                assert_eq!(r.delay_days, None);
                assert_eq!(r.resend_request_id.as_deref(), Some("389093"));
            },
        ),
        decodes::<DeleteResendToNonOpeners>(204, "", |done: NoContent| {
            assert_eq!(done, NoContent);
        }),
        decodes::<GetEmailAbTest>(
            200,
            r#"{"alternative_subject":"Or this?","test_size":30,"winner_wait_duration":24}"#,
            |t| {
                assert_eq!(t.test_size, Some(30));
                assert_eq!(t.winner_wait_duration, Some(24));
            },
        ),
        decodes::<CreateEmailAbTest>(
            201,
            r#"{"alternative_subject":"Or this?","test_size":30,"winner_wait_duration":24}"#,
            |t| assert_eq!(t.alternative_subject.as_deref(), Some("Or this?")),
        ),
        decodes::<DeleteEmailAbTest>(204, "", |done: NoContent| assert_eq!(done, NoContent)),
    ]
}
