//! The account service document, `GET /ws/customers/{username}/` (trailing slash).
//!
//! Clients use a 200 here as their credential check. The models have no type for AtomPub
//! service documents yet, so this one is written with the `xml` crate's event writer (no
//! string templates, so the username is escaped).
// TODO: serve the generated service-document type once `schema/` describes it.

use axum::http::StatusCode;
use axum::response::Response;
use ctct_models::{APP_NS, ATOM_NS};
use xml::writer::{EmitterConfig, XmlEvent};

use crate::App;
use crate::respond::{ApiError, with_type};

pub(crate) fn service_document(app: &App, method: &str) -> Result<Response, ApiError> {
    if method != "GET" {
        return Err(ApiError::new(
            415,
            format!("{method} is not supported on this resource"),
        ));
    }
    let base = format!("/ws/customers/{}", app.creds.username);
    let collections: [(&str, &str, &[&str]); 3] = [
        (
            "lists",
            "Contact Lists",
            &["application/atom+xml; type=entry"],
        ),
        (
            "contacts",
            "Contacts",
            &["application/atom+xml; type=entry"],
        ),
        (
            "activities",
            "Bulk Activity",
            &["application/x-www-form-urlencoded", "multipart/form-data"],
        ),
    ];
    let write = || -> Result<Vec<u8>, xml::writer::Error> {
        let mut w = EmitterConfig::new()
            .write_document_declaration(true)
            .create_writer(Vec::new());
        w.write(
            XmlEvent::start_element("service")
                .default_ns(APP_NS)
                .ns("atom", ATOM_NS),
        )?;
        w.write(XmlEvent::start_element("workspace"))?;
        let title =
            |w: &mut xml::EventWriter<Vec<u8>>, t: &str| -> Result<(), xml::writer::Error> {
                w.write(XmlEvent::start_element("atom:title").attr("type", "text"))?;
                w.write(XmlEvent::characters(t))?;
                w.write(XmlEvent::end_element())
            };
        title(&mut w, "Constant Contact Web Services Customer Workspace")?;
        for (rest, name, accepts) in collections {
            let href = format!("{base}/{rest}");
            w.write(XmlEvent::start_element("collection").attr("href", &href))?;
            title(&mut w, name)?;
            for a in accepts {
                w.write(XmlEvent::start_element("accept"))?;
                w.write(XmlEvent::characters(a))?;
                w.write(XmlEvent::end_element())?;
            }
            w.write(XmlEvent::end_element())?;
        }
        w.write(XmlEvent::end_element())?;
        w.write(XmlEvent::end_element())?;
        Ok(w.into_inner())
    };
    let bytes = write().map_err(|e| ApiError::new(500, e.to_string()))?;
    let body = String::from_utf8(bytes).map_err(|e| ApiError::new(500, e.to_string()))?;
    Ok(with_type(StatusCode::OK, "application/atomsvc+xml", body))
}
