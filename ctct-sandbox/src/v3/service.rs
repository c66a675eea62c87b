//! The V3 emulator as a server of the generated V3 [`Service`] trait: one method per
//! endpoint of `ctct_models::v3::ENDPOINTS`, each handed its parsed request (path, query
//! and body already checked against the schema's types and limits). A new endpoint in the
//! schema is a compile error here until it has a handler.

use axum::response::Response;
use ctct_models::v3::{self as api, Service};

use super::respond::V3Error;
use super::{Ctx, activities, contacts, lists};

impl Service for Ctx<'_> {
    type Reply = Result<Response, V3Error>;

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
}
