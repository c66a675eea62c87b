//! The V3 emulator as a server of the generated V3 [`Service`] trait: one method per
//! operation of `ctct_models::v3::ENDPOINTS`, each handed its parsed request (path, query and
//! body already read as the schema's types). A new operation in the schema is a compile error
//! here until it has a handler; every operation of the contact side, email campaigns, campaign
//! reporting and social is emulated.

use axum::response::Response;
use ctct_models::v3::{self as api, Service};

use super::respond::V3Error;
use super::store::now;
use super::{
    Ctx, account, activities, bulk, contacts, contacts_extra, custom_fields, email_activities,
    email_extras, email_reports, email_sends, email_stats, emails, landing_pages, lists, reporting,
    segments, social, tags,
};

impl Ctx<'_> {
    /// Sends the scheduled email activities that are due, before an email operation reads
    /// or changes one.
    fn emails_due(&mut self) -> &mut Self {
        email_sends::send_due(&mut self.store, now());
        self
    }
}

impl Service for Ctx<'_> {
    type Reply = Result<Response, V3Error>;

    fn get_user_privileges(&mut self, _request: api::account::GetUserPrivileges) -> Self::Reply {
        account::privileges()
    }

    fn get_account_summary(&mut self, request: api::account::GetAccountSummary) -> Self::Reply {
        account::summary(self, &request)
    }

    fn put_account_summary(&mut self, request: api::account::PutAccountSummary) -> Self::Reply {
        account::put_summary(self, request.payload)
    }

    fn get_physical_address(&mut self, _request: api::account::GetPhysicalAddress) -> Self::Reply {
        account::address(self)
    }

    fn add_physical_address(&mut self, request: api::account::AddPhysicalAddress) -> Self::Reply {
        account::add_address(self, request.payload)
    }

    fn put_physical_address(&mut self, request: api::account::PutPhysicalAddress) -> Self::Reply {
        account::put_address(self, request.payload)
    }

    fn get_account_emails(&mut self, request: api::account::GetAccountEmails) -> Self::Reply {
        account::emails(self, &request)
    }

    fn add_account_email(&mut self, request: api::account::AddAccountEmail) -> Self::Reply {
        account::add_email(self, request.payload)
    }

    fn import_contacts_csv(&mut self, _request: api::activities::ImportContactsCsv) -> Self::Reply {
        activities::import_csv(self)
    }

    fn import_contacts_json(
        &mut self,
        _request: api::activities::ImportContactsJson,
    ) -> Self::Reply {
        activities::import_json(self)
    }

    fn get_activities(&mut self, _request: api::activities::GetActivities) -> Self::Reply {
        activities::list(self)
    }

    fn get_activity(&mut self, _request: api::activities::GetActivity) -> Self::Reply {
        activities::get(self)
    }

    fn export_contacts(&mut self, request: api::activities::ExportContacts) -> Self::Reply {
        bulk::export_contacts(self, request)
    }

    fn download_contacts_export(
        &mut self,
        request: api::activities::DownloadContactsExport,
    ) -> Self::Reply {
        bulk::download(self, request)
    }

    fn delete_contacts_bulk(
        &mut self,
        request: api::activities::DeleteContactsBulk,
    ) -> Self::Reply {
        bulk::delete_contacts(self, request)
    }

    fn remove_list_memberships(
        &mut self,
        request: api::activities::RemoveListMemberships,
    ) -> Self::Reply {
        bulk::remove_list_memberships(self, request)
    }

    fn add_list_memberships(
        &mut self,
        request: api::activities::AddListMemberships,
    ) -> Self::Reply {
        bulk::add_list_memberships(self, request)
    }

    fn delete_lists_bulk(&mut self, request: api::activities::DeleteListsBulk) -> Self::Reply {
        bulk::delete_lists(self, request)
    }

    fn remove_taggings(&mut self, request: api::activities::RemoveTaggings) -> Self::Reply {
        bulk::remove_taggings(self, request)
    }

    fn add_taggings(&mut self, request: api::activities::AddTaggings) -> Self::Reply {
        bulk::add_taggings(self, request)
    }

    fn delete_tags_bulk(&mut self, request: api::activities::DeleteTagsBulk) -> Self::Reply {
        bulk::delete_tags(self, request)
    }

    fn delete_custom_fields_bulk(
        &mut self,
        request: api::activities::DeleteCustomFieldsBulk,
    ) -> Self::Reply {
        bulk::delete_custom_fields(self, request)
    }

    fn get_lists(&mut self, _request: api::contact_lists::GetLists) -> Self::Reply {
        lists::list(self)
    }

    fn create_list(&mut self, _request: api::contact_lists::CreateList) -> Self::Reply {
        lists::create(self)
    }

    fn get_list(&mut self, _request: api::contact_lists::GetList) -> Self::Reply {
        lists::get(self)
    }

    fn put_list(&mut self, _request: api::contact_lists::PutList) -> Self::Reply {
        lists::put(self)
    }

    fn delete_list(&mut self, _request: api::contact_lists::DeleteList) -> Self::Reply {
        lists::delete(self)
    }

    fn get_list_id_xrefs(&mut self, request: api::contact_lists::GetListIdXrefs) -> Self::Reply {
        contacts_extra::list_xrefs(self, &request.sequence_ids)
    }

    fn get_tag(&mut self, request: api::contact_tags::GetTag) -> Self::Reply {
        tags::get(self, request)
    }

    fn put_tag(&mut self, request: api::contact_tags::PutTag) -> Self::Reply {
        tags::put(self, request)
    }

    fn delete_tag(&mut self, request: api::contact_tags::DeleteTag) -> Self::Reply {
        tags::delete(self, request)
    }

    fn get_tags(&mut self, request: api::contact_tags::GetTags) -> Self::Reply {
        tags::list(self, request)
    }

    fn create_tag(&mut self, request: api::contact_tags::CreateTag) -> Self::Reply {
        tags::create(self, request)
    }

    fn get_contacts(&mut self, request: api::contacts::GetContacts) -> Self::Reply {
        contacts::list(self, request)
    }

    fn create_contact(&mut self, _request: api::contacts::CreateContact) -> Self::Reply {
        contacts::create(self)
    }

    fn get_contact(&mut self, request: api::contacts::GetContact) -> Self::Reply {
        contacts::get(self, request)
    }

    fn put_contact(&mut self, _request: api::contacts::PutContact) -> Self::Reply {
        contacts::put(self)
    }

    fn delete_contact(&mut self, _request: api::contacts::DeleteContact) -> Self::Reply {
        contacts::delete(self)
    }

    fn create_or_update_contact(
        &mut self,
        _request: api::contacts::CreateOrUpdateContact,
    ) -> Self::Reply {
        contacts::sign_up(self)
    }

    fn get_contact_id_xrefs(&mut self, request: api::contacts::GetContactIdXrefs) -> Self::Reply {
        contacts_extra::contact_xrefs(self, &request.sequence_ids)
    }

    fn get_sms_engagement_history(
        &mut self,
        _request: api::contacts::GetSmsEngagementHistory,
    ) -> Self::Reply {
        contacts_extra::sms_history(self)
    }

    fn get_contact_counts(&mut self, request: api::contacts::GetContactCounts) -> Self::Reply {
        contacts_extra::counts(self, &request)
    }

    fn resubscribe_contact(&mut self, request: api::contacts::ResubscribeContact) -> Self::Reply {
        contacts_extra::resubscribe(self, request.payload)
    }

    fn get_custom_field(&mut self, request: api::custom_fields::GetCustomField) -> Self::Reply {
        custom_fields::get(self, request)
    }

    fn put_custom_field(&mut self, request: api::custom_fields::PutCustomField) -> Self::Reply {
        custom_fields::put(self, request)
    }

    fn delete_custom_field(
        &mut self,
        request: api::custom_fields::DeleteCustomField,
    ) -> Self::Reply {
        custom_fields::delete(self, request)
    }

    fn get_custom_fields(&mut self, request: api::custom_fields::GetCustomFields) -> Self::Reply {
        custom_fields::list(self, request)
    }

    fn create_custom_field(
        &mut self,
        request: api::custom_fields::CreateCustomField,
    ) -> Self::Reply {
        custom_fields::create(self, request)
    }

    fn get_email_campaigns(&mut self, request: api::emails::GetEmailCampaigns) -> Self::Reply {
        emails::list(self.emails_due(), request)
    }

    fn create_email_campaign(&mut self, request: api::emails::CreateEmailCampaign) -> Self::Reply {
        emails::create(self.emails_due(), request)
    }

    fn get_email_campaign(&mut self, request: api::emails::GetEmailCampaign) -> Self::Reply {
        emails::get(self.emails_due(), request)
    }

    fn delete_email_campaign(&mut self, request: api::emails::DeleteEmailCampaign) -> Self::Reply {
        emails::delete(self.emails_due(), request)
    }

    fn rename_email_campaign(&mut self, request: api::emails::RenameEmailCampaign) -> Self::Reply {
        emails::rename(self.emails_due(), request)
    }

    fn get_email_campaign_id_xrefs(
        &mut self,
        request: api::emails::GetEmailCampaignIdXrefs,
    ) -> Self::Reply {
        emails::xrefs(self.emails_due(), &request.v2_email_campaign_ids)
    }

    fn get_email_campaign_activity(
        &mut self,
        request: api::emails::GetEmailCampaignActivity,
    ) -> Self::Reply {
        email_activities::get(self.emails_due(), request)
    }

    fn put_email_campaign_activity(
        &mut self,
        request: api::emails::PutEmailCampaignActivity,
    ) -> Self::Reply {
        email_activities::put(self.emails_due(), request)
    }

    fn get_email_schedules(&mut self, request: api::emails::GetEmailSchedules) -> Self::Reply {
        email_sends::get_schedule(self.emails_due(), request)
    }

    fn schedule_email_campaign_activity(
        &mut self,
        request: api::emails::ScheduleEmailCampaignActivity,
    ) -> Self::Reply {
        email_sends::schedule(self.emails_due(), request)
    }

    fn unschedule_email_campaign_activity(
        &mut self,
        request: api::emails::UnscheduleEmailCampaignActivity,
    ) -> Self::Reply {
        email_sends::unschedule(self.emails_due(), request)
    }

    fn test_send_email_campaign_activity(
        &mut self,
        request: api::emails::TestSendEmailCampaignActivity,
    ) -> Self::Reply {
        email_sends::test_send(self.emails_due(), request)
    }

    fn get_email_campaign_activity_preview(
        &mut self,
        request: api::emails::GetEmailCampaignActivityPreview,
    ) -> Self::Reply {
        email_activities::preview(self.emails_due(), request)
    }

    fn get_email_send_history(&mut self, request: api::emails::GetEmailSendHistory) -> Self::Reply {
        email_sends::history(self.emails_due(), request)
    }

    fn get_resend_to_non_openers(
        &mut self,
        request: api::emails::GetResendToNonOpeners,
    ) -> Self::Reply {
        email_extras::get_resends(self.emails_due(), request)
    }

    fn create_resend_to_non_openers(
        &mut self,
        request: api::emails::CreateResendToNonOpeners,
    ) -> Self::Reply {
        email_extras::create_resend(self.emails_due(), request)
    }

    fn delete_resend_to_non_openers(
        &mut self,
        request: api::emails::DeleteResendToNonOpeners,
    ) -> Self::Reply {
        email_extras::delete_resend(self.emails_due(), request)
    }

    fn get_email_ab_test(&mut self, request: api::emails::GetEmailAbTest) -> Self::Reply {
        email_extras::get_ab_test(self.emails_due(), request)
    }

    fn create_email_ab_test(&mut self, request: api::emails::CreateEmailAbTest) -> Self::Reply {
        email_extras::create_ab_test(self.emails_due(), request)
    }

    fn delete_email_ab_test(&mut self, request: api::emails::DeleteEmailAbTest) -> Self::Reply {
        email_extras::delete_ab_test(self.emails_due(), request)
    }

    fn get_contact_activity_details(
        &mut self,
        request: api::reporting::GetContactActivityDetails,
    ) -> Self::Reply {
        reporting::details(self, &request)
    }

    fn get_contact_open_and_click_rates(
        &mut self,
        request: api::reporting::GetContactOpenAndClickRates,
    ) -> Self::Reply {
        reporting::rates(self, &request.start, &request.end)
    }

    fn get_contact_activity_summary(
        &mut self,
        request: api::reporting::GetContactActivitySummary,
    ) -> Self::Reply {
        reporting::summary(self, &request.start, &request.end)
    }

    fn get_segments(&mut self, request: api::segments::GetSegments) -> Self::Reply {
        segments::list(self, request)
    }

    fn create_segment(&mut self, request: api::segments::CreateSegment) -> Self::Reply {
        segments::create(self, request)
    }

    fn get_segment(&mut self, request: api::segments::GetSegment) -> Self::Reply {
        segments::get(self, request)
    }

    fn put_segment(&mut self, request: api::segments::PutSegment) -> Self::Reply {
        segments::put(self, request)
    }

    fn delete_segment(&mut self, request: api::segments::DeleteSegment) -> Self::Reply {
        segments::delete(self, request)
    }

    fn rename_segment(&mut self, request: api::segments::RenameSegment) -> Self::Reply {
        segments::rename(self, request)
    }

    fn get_social_profiles(&mut self, request: api::social::GetSocialProfiles) -> Self::Reply {
        social::profiles(self, &request)
    }

    fn get_social_connections(
        &mut self,
        _request: api::social::GetSocialConnections,
    ) -> Self::Reply {
        social::connections(self)
    }

    fn get_hashtag_groups(&mut self, request: api::social::GetHashtagGroups) -> Self::Reply {
        social::hashtag_groups(self, &request)
    }

    fn create_social_post(&mut self, request: api::social::CreateSocialPost) -> Self::Reply {
        social::create_post(self, request.payload)
    }
    fn get_email_sends(&mut self, _request: api::email_reports::GetEmailSends) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::Sends)
    }

    fn get_email_opens(&mut self, _request: api::email_reports::GetEmailOpens) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::Opens)
    }

    fn get_email_unique_opens(
        &mut self,
        _request: api::email_reports::GetEmailUniqueOpens,
    ) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::UniqueOpens)
    }

    fn get_email_did_not_opens(
        &mut self,
        _request: api::email_reports::GetEmailDidNotOpens,
    ) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::DidNotOpens)
    }

    fn get_email_clicks(&mut self, _request: api::email_reports::GetEmailClicks) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::Clicks)
    }

    fn get_email_forwards(
        &mut self,
        _request: api::email_reports::GetEmailForwards,
    ) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::Forwards)
    }

    fn get_email_optouts(&mut self, _request: api::email_reports::GetEmailOptouts) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::Optouts)
    }

    fn get_email_bounces(&mut self, _request: api::email_reports::GetEmailBounces) -> Self::Reply {
        email_reports::tracking(self.emails_due(), email_reports::Kind::Bounces)
    }

    fn get_email_link_stats(
        &mut self,
        request: api::email_reports::GetEmailLinkStats,
    ) -> Self::Reply {
        email_reports::link_stats(self.emails_due(), request.no_clicks.unwrap_or(false))
    }

    fn get_email_campaign_summaries(
        &mut self,
        _request: api::email_reports::GetEmailCampaignSummaries,
    ) -> Self::Reply {
        email_stats::summaries(self.emails_due())
    }

    fn get_email_campaign_stats(
        &mut self,
        request: api::email_reports::GetEmailCampaignStats,
    ) -> Self::Reply {
        email_stats::campaign_stats(self.emails_due(), &request.campaign_ids)
    }

    fn get_email_campaign_activity_stats(
        &mut self,
        request: api::email_reports::GetEmailCampaignActivityStats,
    ) -> Self::Reply {
        email_stats::activity_stats(self.emails_due(), &request.campaign_activity_ids)
    }

    fn get_sms_campaign_summaries(
        &mut self,
        request: api::email_reports::GetSmsCampaignSummaries,
    ) -> Self::Reply {
        email_stats::sms_summaries(self, &request)
    }

    fn get_landing_page_unique_contact_clicks(
        &mut self,
        _request: api::landing_page_reports::GetLandingPageUniqueContactClicks,
    ) -> Self::Reply {
        landing_pages::report(self.emails_due(), landing_pages::Kind::UniqueClicks)
    }

    fn get_landing_page_unique_contact_opens(
        &mut self,
        _request: api::landing_page_reports::GetLandingPageUniqueContactOpens,
    ) -> Self::Reply {
        landing_pages::report(self.emails_due(), landing_pages::Kind::UniqueOpens)
    }

    fn get_landing_page_contact_opens(
        &mut self,
        _request: api::landing_page_reports::GetLandingPageContactOpens,
    ) -> Self::Reply {
        landing_pages::report(self.emails_due(), landing_pages::Kind::Opens)
    }

    fn get_landing_page_unique_contact_updates(
        &mut self,
        _request: api::landing_page_reports::GetLandingPageUniqueContactUpdates,
    ) -> Self::Reply {
        landing_pages::report(self.emails_due(), landing_pages::Kind::Updates)
    }

    fn get_landing_page_unique_contact_adds(
        &mut self,
        _request: api::landing_page_reports::GetLandingPageUniqueContactAdds,
    ) -> Self::Reply {
        landing_pages::report(self.emails_due(), landing_pages::Kind::Adds)
    }

    fn get_landing_page_unique_contact_sms_optins(
        &mut self,
        _request: api::landing_page_reports::GetLandingPageUniqueContactSmsOptins,
    ) -> Self::Reply {
        landing_pages::report(self.emails_due(), landing_pages::Kind::SmsOptIns)
    }
}
