//! The sandbox as a server of the generated V1 [`Service`] trait: one method per endpoint of
//! `ctct_models::v1::ENDPOINTS`, each handed its parsed request. A new endpoint in the schema
//! is a compile error here until it has a handler.
//!
//! The bulk-activity handler reads its form fields itself, since it reports each problem of an
//! activity body in the words the real service uses; the typed request has already checked
//! the media type and the field types by then.

use axum::response::Response;
use ctct_models::v1::{self as api, Service};

use super::contacts::Listing;
use super::events::EventOp;
use super::tracking::{Of, Read};
use super::{
    Call, activities, campaigns, contacts, events, lists, service, settings, summary, tracking,
};
use crate::respond::ApiError;

impl Service for &Call<'_> {
    type Reply = Result<Response, ApiError>;

    fn list_activities(&mut self, _request: api::activities::ListActivities) -> Self::Reply {
        activities::list(self)
    }

    fn get_activity(&mut self, _request: api::activities::GetActivity) -> Self::Reply {
        activities::get_or_download(self)
    }

    fn download_export_file(
        &mut self,
        _request: api::activities::DownloadExportFile,
    ) -> Self::Reply {
        activities::get_or_download(self)
    }

    fn create_sv_add_activity(
        &mut self,
        _request: api::activities::CreateSvAddActivity,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_sv_add_activity_multipart(
        &mut self,
        _request: api::activities::CreateSvAddActivityMultipart,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_add_contacts_activity(
        &mut self,
        _request: api::activities::CreateAddContactsActivity,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_add_contacts_activity_multipart(
        &mut self,
        _request: api::activities::CreateAddContactsActivityMultipart,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_add_contact_detail_activity(
        &mut self,
        _request: api::activities::CreateAddContactDetailActivity,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_add_contact_detail_activity_multipart(
        &mut self,
        _request: api::activities::CreateAddContactDetailActivityMultipart,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_remove_contacts_from_lists_activity(
        &mut self,
        _request: api::activities::CreateRemoveContactsFromListsActivity,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_remove_contacts_from_lists_activity_multipart(
        &mut self,
        _request: api::activities::CreateRemoveContactsFromListsActivityMultipart,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_clear_contacts_from_lists_activity(
        &mut self,
        _request: api::activities::CreateClearContactsFromListsActivity,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_clear_contacts_from_lists_activity_multipart(
        &mut self,
        _request: api::activities::CreateClearContactsFromListsActivityMultipart,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_export_contacts_activity(
        &mut self,
        _request: api::activities::CreateExportContactsActivity,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn create_export_contacts_activity_multipart(
        &mut self,
        _request: api::activities::CreateExportContactsActivityMultipart,
    ) -> Self::Reply {
        activities::create(self)
    }

    fn list_campaigns(&mut self, _request: api::campaigns::ListCampaigns) -> Self::Reply {
        campaigns::list(self)
    }

    fn list_campaigns_by_status(
        &mut self,
        _request: api::campaigns::ListCampaignsByStatus,
    ) -> Self::Reply {
        campaigns::list(self)
    }

    fn create_campaign(&mut self, request: api::campaigns::CreateCampaign) -> Self::Reply {
        campaigns::create(self, request.payload)
    }

    fn get_campaign(&mut self, _request: api::campaigns::GetCampaign) -> Self::Reply {
        campaigns::get(self)
    }

    fn update_campaign(&mut self, request: api::campaigns::UpdateCampaign) -> Self::Reply {
        campaigns::update(self, request.payload)
    }

    fn delete_campaign(&mut self, _request: api::campaigns::DeleteCampaign) -> Self::Reply {
        campaigns::delete(self)
    }

    fn list_schedules(&mut self, _request: api::campaigns::ListSchedules) -> Self::Reply {
        campaigns::schedules(self)
    }

    fn create_schedule(&mut self, request: api::campaigns::CreateSchedule) -> Self::Reply {
        campaigns::create_schedule(self, request.payload)
    }

    fn update_schedule(&mut self, request: api::campaigns::UpdateSchedule) -> Self::Reply {
        campaigns::update_schedule(self, request.payload)
    }

    fn delete_schedule(&mut self, _request: api::campaigns::DeleteSchedule) -> Self::Reply {
        campaigns::delete_schedule(self)
    }

    fn list_contacts(&mut self, _request: api::contacts::ListContacts) -> Self::Reply {
        contacts::list(self, Listing::All)
    }

    fn create_contact(&mut self, request: api::contacts::CreateContact) -> Self::Reply {
        contacts::create(self, request.payload)
    }

    fn get_contact(&mut self, _request: api::contacts::GetContact) -> Self::Reply {
        contacts::get(self)
    }

    fn update_contact(&mut self, request: api::contacts::UpdateContact) -> Self::Reply {
        contacts::update(self, request.payload)
    }

    fn opt_out_contact(&mut self, _request: api::contacts::OptOutContact) -> Self::Reply {
        contacts::opt_out(self)
    }

    fn search_contacts_by_email(
        &mut self,
        _request: api::contacts::SearchContactsByEmail,
    ) -> Self::Reply {
        contacts::list(self, Listing::ByEmail)
    }

    fn list_contacts_updated_since(
        &mut self,
        _request: api::contacts::ListContactsUpdatedSince,
    ) -> Self::Reply {
        contacts::list(self, Listing::UpdatedSince)
    }

    fn list_contacts_updated_since_on_list(
        &mut self,
        _request: api::contacts::ListContactsUpdatedSinceOnList,
    ) -> Self::Reply {
        contacts::list(self, Listing::UpdatedSinceOnList)
    }

    fn list_events(&mut self, _request: api::events::ListEvents) -> Self::Reply {
        events::serve(self, EventOp::ListEvents)
    }

    fn create_event(&mut self, request: api::events::CreateEvent) -> Self::Reply {
        events::serve(self, EventOp::CreateEvent(request.payload))
    }

    fn get_event(&mut self, _request: api::events::GetEvent) -> Self::Reply {
        events::serve(self, EventOp::GetEvent)
    }

    fn update_event(&mut self, request: api::events::UpdateEvent) -> Self::Reply {
        events::serve(self, EventOp::UpdateEvent(request.payload))
    }

    fn list_registrants(&mut self, _request: api::events::ListRegistrants) -> Self::Reply {
        events::serve(self, EventOp::ListRegistrants)
    }

    fn get_registrant(&mut self, _request: api::events::GetRegistrant) -> Self::Reply {
        events::serve(self, EventOp::GetRegistrant)
    }

    fn list_guests(&mut self, _request: api::events::ListGuests) -> Self::Reply {
        events::serve(self, EventOp::ListGuests)
    }

    fn get_guest(&mut self, _request: api::events::GetGuest) -> Self::Reply {
        events::serve(self, EventOp::GetGuest)
    }

    fn get_attendance_status(&mut self, _request: api::events::GetAttendanceStatus) -> Self::Reply {
        events::serve(self, EventOp::GetAttendanceStatus)
    }

    fn update_attendance_status(
        &mut self,
        request: api::events::UpdateAttendanceStatus,
    ) -> Self::Reply {
        events::serve(self, EventOp::UpdateAttendanceStatus(request.payload))
    }

    fn get_payment_status(&mut self, _request: api::events::GetPaymentStatus) -> Self::Reply {
        events::serve(self, EventOp::GetPaymentStatus)
    }

    fn update_payment_status(&mut self, request: api::events::UpdatePaymentStatus) -> Self::Reply {
        events::serve(self, EventOp::UpdatePaymentStatus(request.payload))
    }

    fn list_lists(&mut self, _request: api::lists::ListLists) -> Self::Reply {
        lists::list(self)
    }

    fn create_list(&mut self, request: api::lists::CreateList) -> Self::Reply {
        lists::create(self, request.payload)
    }

    fn get_list(&mut self, _request: api::lists::GetList) -> Self::Reply {
        lists::get(self)
    }

    fn update_list(&mut self, request: api::lists::UpdateList) -> Self::Reply {
        lists::update(self, request.payload)
    }

    fn delete_list(&mut self, _request: api::lists::DeleteList) -> Self::Reply {
        lists::delete(self)
    }

    fn list_members(&mut self, _request: api::lists::ListMembers) -> Self::Reply {
        lists::members(self)
    }

    fn list_email_addresses(&mut self, _request: api::settings::ListEmailAddresses) -> Self::Reply {
        settings::list(self)
    }

    fn get_email_address(&mut self, _request: api::settings::GetEmailAddress) -> Self::Reply {
        settings::get(self)
    }

    fn get_account_service_document(
        &mut self,
        _request: api::tracking::GetAccountServiceDocument,
    ) -> Self::Reply {
        service::account_document(&self.base_path(), "GET")
    }

    fn get_campaign_events(&mut self, _request: api::tracking::GetCampaignEvents) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Service)
    }

    fn get_contact_events(&mut self, _request: api::tracking::GetContactEvents) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Service)
    }

    fn list_campaign_sends(&mut self, _request: api::tracking::ListCampaignSends) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Feed("sends"))
    }

    fn list_contact_sends(&mut self, _request: api::tracking::ListContactSends) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Feed("sends"))
    }

    fn list_campaign_opens(&mut self, _request: api::tracking::ListCampaignOpens) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Feed("opens"))
    }

    fn list_contact_opens(&mut self, _request: api::tracking::ListContactOpens) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Feed("opens"))
    }

    fn list_campaign_clicks(&mut self, _request: api::tracking::ListCampaignClicks) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Feed("clicks"))
    }

    fn list_contact_clicks(&mut self, _request: api::tracking::ListContactClicks) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Feed("clicks"))
    }

    fn list_campaign_bounces(
        &mut self,
        _request: api::tracking::ListCampaignBounces,
    ) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Feed("bounces"))
    }

    fn list_contact_bounces(&mut self, _request: api::tracking::ListContactBounces) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Feed("bounces"))
    }

    fn list_campaign_forwards(
        &mut self,
        _request: api::tracking::ListCampaignForwards,
    ) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Feed("forwards"))
    }

    fn list_contact_forwards(
        &mut self,
        _request: api::tracking::ListContactForwards,
    ) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Feed("forwards"))
    }

    fn list_campaign_optouts(
        &mut self,
        _request: api::tracking::ListCampaignOptouts,
    ) -> Self::Reply {
        tracking::serve(self, Of::Campaign, Read::Feed("optouts"))
    }

    fn list_contact_optouts(&mut self, _request: api::tracking::ListContactOptouts) -> Self::Reply {
        tracking::serve(self, Of::Contact, Read::Feed("optouts"))
    }

    fn list_campaign_link_clicks(
        &mut self,
        _request: api::tracking::ListCampaignLinkClicks,
    ) -> Self::Reply {
        tracking::serve(self, Of::CampaignLink, Read::Feed("clicks"))
    }

    fn list_contact_summary(&mut self, _request: api::tracking::ListContactSummary) -> Self::Reply {
        summary::serve(self)
    }
}
