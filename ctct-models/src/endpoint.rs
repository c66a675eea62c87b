//! Transport-free request descriptions.
//!
//! Every generated request type builds a [`Request`] ([`Endpoint::to_request`]): method, path relative to its
//! API's base ([`Api`]: the V1 account base `/ws/customers/{username}`, or the V3 base
//! `https://api.cc.email/v3`), query, body and the [`EndpointSpec`] it came from (success
//! statuses, paging style, media types). The client executes it; the sandbox routes by the
//! same [`EndpointSpec`] table; tests assert it without any HTTP. The response type `R`
//! (V1: an Atom `Entry`, `Feed` or `Created`; V3: a generated JSON type; either:
//! [`NoContent`], [`RawBody`]) knows how to decode the body.
//!
//! Everything here is shared by both APIs and builds with either cargo feature alone; only
//! the Atom answers (`Created` and the `FromResponse` impls of `Entry` and `Feed`, in
//! `endpoint/atom_response.rs`) need `v1`. [`Api`], [`ResponseShape`] and [`Body`] keep
//! their V1 and V3 variants under either feature, so a `match` on them compiles the same
//! whatever features are on.

use std::fmt;
use std::marker::PhantomData;

use crate::codec::{DecodeError, DecodeErrorKind, DecodeOptions};

// The V1 answers: Atom entries and feeds, and `Created`.
#[cfg(feature = "v1")]
mod atom_response;
#[cfg(feature = "v1")]
pub use atom_response::Created;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH` (V3 only: a partial update such as a segment's name)
    Patch,
}

impl Method {
    /// The method name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
        }
    }

    /// Whether repeating the request has the same effect as sending it once
    /// (`POST` is not: a retried `POST /contacts` answers 409; `PATCH` is not promised to be).
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which Constant Contact API an endpoint belongs to; decides the base its path is resolved
/// against, the auth it takes and the body format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// The V1 XML/Atom API: paths are relative to the account URL
    /// (`https://api.constantcontact.com/ws/customers/{username}`).
    V1,
    /// The V3 JSON API: paths are relative to the V3 base ([`V3_BASE_URL`]), OAuth 2.0
    /// bearer tokens only.
    V3,
}

impl Api {
    /// `v1` or `v3`, as in the module path `ctct_models::v1`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V3 => "v3",
        }
    }
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The base every V3 path is relative to (`docs/v3/overview.md#base-url-and-formats`). A cursor `next` href starts with the
/// `/v3` of this base; resolve it against the scheme and host only ([`V3_ORIGIN`]).
pub const V3_BASE_URL: &str = "https://api.cc.email/v3";
/// The scheme and host of [`V3_BASE_URL`], which `_links.next.href` paths are relative to.
pub const V3_ORIGIN: &str = "https://api.cc.email";

/// How a collection endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Not a collection.
    None,
    /// Follow the feed's `rel="next"` link verbatim (opaque `next=` token).
    NextLink,
    /// Event Marketing: `?pageNumber=N`, also announced in a `rel="next"` link.
    PageNumber,
    /// V3: follow `_links.next.href` (a path starting with `/v3`, carrying an opaque
    /// `cursor`) verbatim until it is absent (`json::CursorPage`).
    Cursor,
}

/// The shape of a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseShape {
    /// An Atom feed of the named payload.
    Feed(&'static str),
    /// A single Atom entry of the named payload.
    Entry(&'static str),
    /// No body (204).
    Empty,
    /// An AtomPub service document (`service::ServiceDocument`, V1).
    Service,
    /// A raw body kept as text ([`RawBody`]), such as an export file.
    Raw,
    /// A V3 JSON body of the named generated type (e.g. `ContactResource`).
    Json(&'static str),
}

/// One query parameter an endpoint takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuerySpec {
    /// The parameter name on the wire, e.g. `updatedsince`.
    pub name: &'static str,
    /// Whether the request must carry it.
    pub required: bool,
    /// Whether it may repeat (`email=a&email=b`).
    pub repeated: bool,
}

/// Everything the schema says about one endpoint; the table the client and sandbox share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointSpec {
    /// The endpoint's name, e.g. `create_contact` (its request type is `CreateContact`);
    /// unique within its API.
    pub name: &'static str,
    /// The API it belongs to: decides the base the path is resolved against.
    pub api: Api,
    /// The HTTP method.
    pub method: Method,
    /// The path template relative to the API's base (V1: the account URL, V3:
    /// [`V3_BASE_URL`]), e.g. `/contacts/{contact}`; trailing slashes are significant.
    pub path: &'static str,
    /// Query parameters it takes.
    pub query: &'static [QuerySpec],
    /// The payload element of the request entry (V1) or the request type name (V3), if it
    /// has a body.
    pub request: Option<&'static str>,
    /// The response body shape.
    pub response: ResponseShape,
    /// Statuses that mean success.
    pub success: &'static [u16],
    /// How the collection pages.
    pub paging: Paging,
    /// The `Accept` header to send.
    pub accept: &'static str,
    /// The `Content-Type` of the request body, if any.
    pub content_type: Option<&'static str>,
    /// Form fields with a fixed value (`activityType=SV_ADD`): what tells apart endpoints
    /// that share a method and path, as the bulk activities do.
    pub fixed_form: &'static [(&'static str, &'static str)],
    /// V3: the OAuth scopes a token must have been granted to call it, as the contract's
    /// security requirement says (`contact_data`, `account_read`, …); empty when any valid
    /// token will do (`GET /account/user/privileges`) and for V1, which has no scopes. The
    /// sandbox answers 403 to a token without them.
    pub scopes: &'static [&'static str],
    /// The largest request body the service reads, in bytes (the imports: 4 MB); a larger
    /// one is refused by [`Endpoint::to_request`] instead of being cut short by the server.
    pub max_body: Option<usize>,
    /// The page of `docs/` its facts come from, e.g. `docs/v1/contacts.md#uris`.
    pub reference: &'static str,
}

impl EndpointSpec {
    /// Whether `path` (relative to the account base, without query) matches this template;
    /// returns the values of the `{placeholders}` in order.
    pub fn match_path<'p>(&self, path: &'p str) -> Option<Vec<&'p str>> {
        let mut values = Vec::new();
        let mut tmpl = self.path.split('/');
        let mut actual = path.split('/');
        loop {
            match (tmpl.next(), actual.next()) {
                (None, None) => return Some(values),
                (Some(t), Some(a)) if t.starts_with('{') && t.ends_with('}') => {
                    if a.is_empty() {
                        return None;
                    }
                    values.push(a);
                }
                (Some(t), Some(a)) if t == a => {}
                _ => return None,
            }
        }
    }
}

/// A request body. More kinds may join as the schema grows, so match with a wildcard arm,
/// or use [`Body::as_bytes`] and [`Body::content_type`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// An Atom entry document (`application/atom+xml`).
    Atom(String),
    /// Form fields (`application/x-www-form-urlencoded`), built by [`crate::form::Form`].
    Form(String),
    /// A JSON document (`application/json`), V3 only.
    Json(Vec<u8>),
    /// Multipart form data (`multipart/form-data; boundary=…`), built by
    /// [`crate::form::Form`] with a boundary that occurs in no field.
    Multipart {
        /// The boundary between parts.
        boundary: String,
        /// `multipart/form-data; boundary={boundary}`.
        content_type: String,
        /// The body bytes.
        bytes: Vec<u8>,
    },
}

impl Body {
    /// The body bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Atom(s) | Self::Form(s) => s.as_bytes(),
            Self::Json(bytes) | Self::Multipart { bytes, .. } => bytes,
        }
    }

    /// The body as text, when it is UTF-8 text (Atom, form and JSON bodies always are).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Atom(s) | Self::Form(s) => Some(s),
            Self::Json(bytes) | Self::Multipart { bytes, .. } => std::str::from_utf8(bytes).ok(),
        }
    }

    /// The `Content-Type` header value for this body.
    pub fn content_type(&self) -> &str {
        match self {
            Self::Atom(_) => crate::ATOM_MEDIA_TYPE,
            Self::Form(_) => FORM_MEDIA_TYPE,
            Self::Json(_) => JSON_MEDIA_TYPE,
            Self::Multipart { content_type, .. } => content_type,
        }
    }
}

/// The media type of form-encoded bodies.
pub const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";
/// The media type of V3 JSON bodies, sent as `Content-Type` and `Accept`.
pub const JSON_MEDIA_TYPE: &str = "application/json";
/// The media type of multipart bodies (the header adds `; boundary=…`).
pub const MULTIPART_MEDIA_TYPE: &str = "multipart/form-data";

/// A request to send, described without any transport; `R` is the decoded response.
pub struct Request<R> {
    /// The endpoint this request is for.
    pub spec: &'static EndpointSpec,
    /// The path relative to the API's base ([`Request::api`]), ids percent-encoded, e.g.
    /// `/contacts/2`.
    pub path: String,
    /// Query parameters in order; names may repeat.
    pub query: Vec<(&'static str, String)>,
    /// The body, if any.
    pub body: Option<Body>,
    /// The accounts (V1 usernames) of the typed ids the request names, in its path, query or
    /// form fields. A client refuses to send a request naming another account than its own:
    /// the V1 path carries only an id's last segment, so such a request would act on the
    /// client's own resource of the same number.
    pub accounts: Vec<String>,
    _response: PhantomData<fn() -> R>,
}

impl<R> Request<R> {
    /// Builds a request for `spec`.
    pub fn new(
        spec: &'static EndpointSpec,
        path: String,
        query: Vec<(&'static str, String)>,
        body: Option<Body>,
    ) -> Self {
        Self {
            spec,
            path,
            query,
            body,
            accounts: Vec::new(),
            _response: PhantomData,
        }
    }

    /// The same request, noting that it names ids of `accounts` (see [`Request::accounts`]).
    pub fn naming_accounts<'a>(mut self, accounts: impl IntoIterator<Item = &'a str>) -> Self {
        for a in accounts {
            if !self.accounts.iter().any(|known| known == a) {
                self.accounts.push(a.to_owned());
            }
        }
        self
    }

    /// The first account named that is not `account` (usernames compare without regard to
    /// case), if any.
    pub fn foreign_account(&self, account: &str) -> Option<&str> {
        self.accounts
            .iter()
            .map(String::as_str)
            .find(|a| !a.eq_ignore_ascii_case(account))
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.spec.method
    }

    /// The API this request belongs to: V1 paths are resolved against the account URL, V3
    /// paths against the V3 base ([`V3_BASE_URL`] for the real service).
    pub fn api(&self) -> Api {
        self.spec.api
    }

    /// The `Content-Type` to send with the body (`None` without a body).
    pub fn content_type(&self) -> Option<&str> {
        self.body.as_ref().map(Body::content_type)
    }

    /// The path and query as they go on the wire (query values percent-encoded).
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            out.push_str(&encode_query_value(v));
        }
        out
    }
}

impl<R> Clone for Request<R> {
    fn clone(&self) -> Self {
        Self::new(
            self.spec,
            self.path.clone(),
            self.query.clone(),
            self.body.clone(),
        )
        .naming_accounts(self.accounts.iter().map(String::as_str))
    }
}

/// One endpoint's request, as a value: what the generated request types (`GetContacts`,
/// `CreateExportContactsActivity`, …) implement.
///
/// Required values go to the type's `new(..)`, optional ones to chained setters; nothing is
/// validated until [`Endpoint::to_request`], which checks every limit and allowed value the
/// schema states and builds the transport-free [`Request`]. A client executes any endpoint;
/// a server reads the same type back with [`crate::incoming::FromIncoming`].
pub trait Endpoint {
    /// The decoded answer.
    type Response: FromResponse;
    /// The endpoint's table row: method, path template, statuses, paging, media types.
    const SPEC: &'static EndpointSpec;

    /// Validates every value and builds the request.
    ///
    /// # Errors
    ///
    /// [`BuildError`] naming the field or parameter and the value; nothing is sent.
    fn to_request(&self) -> Result<Request<Self::Response>, BuildError>;

    /// The query parameters as they go on the wire, each validated.
    ///
    /// # Errors
    ///
    /// [`crate::validate::ValidationError`] naming the parameter and the value.
    fn query_pairs(&self) -> Result<Vec<(&'static str, String)>, crate::validate::ValidationError>;
}

impl<E: Endpoint + ?Sized> Endpoint for &E {
    type Response = E::Response;
    const SPEC: &'static EndpointSpec = E::SPEC;

    fn to_request(&self) -> Result<Request<Self::Response>, BuildError> {
        (**self).to_request()
    }

    fn query_pairs(&self) -> Result<Vec<(&'static str, String)>, crate::validate::ValidationError> {
        (**self).query_pairs()
    }
}

impl<E: Paginated + ?Sized> Paginated for &E {
    type Item = E::Item;

    fn page_items(page: Self::Response) -> Vec<Self::Item> {
        E::page_items(page)
    }
}

/// An endpoint whose answer is one page of a collection.
pub trait Paginated: Endpoint {
    /// One item of the collection.
    type Item;

    /// The items on one page, in order.
    fn page_items(page: Self::Response) -> Vec<Self::Item>;
}

impl<R> fmt::Debug for Request<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("endpoint", &self.spec.name)
            .field("method", &self.spec.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "body_bytes",
                &self.body.as_ref().map(|b| b.as_bytes().len()),
            )
            .finish()
    }
}

/// RFC 3986's unreserved characters: what [`encode_query_value`] leaves as they are.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a query value (everything but unreserved characters, upper-case hex), so
/// `@` is `%40` as the API documents and `+` in an offset cannot turn into a space. The same
/// encoding serves path segments ([`encode_segment`]) and OAuth 1.0a signatures.
pub fn encode_query_value(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string()
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters.
///
/// A segment that is exactly `.` or `..` is sent as `%252E` / `%252E%252E`: URL parsers
/// (WHATWG, so the `url` crate and reqwest) treat `%2E%2E` as `..` and would walk up the
/// path (`DELETE /lists/%2E%2E` became `DELETE /ws/customers/{u}/`). With the `%` escaped
/// too, no parser resolves it, and the server sees an unknown id.
pub fn encode_segment(segment: &str) -> String {
    if segment == "." || segment == ".." {
        return segment.replace('.', "%252E");
    }
    // Same unreserved set as query values: one encoder for both.
    encode_query_value(segment)
}

/// What a successful HTTP response carried, as the decoder needs it.
#[derive(Debug, Clone, Copy)]
pub struct RawResponse<'a> {
    /// The status code.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<&'a str>,
    /// The body text.
    pub body: &'a str,
}

/// A response type that can be decoded from a successful response.
pub trait FromResponse: Sized {
    /// Decodes the response.
    fn from_response(raw: RawResponse<'_>, opts: &DecodeOptions) -> Result<Self, DecodeError>;
}

/// A body that is not XML, kept as the text the server sent (an export file download).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawBody {
    /// The body text.
    pub text: String,
}

impl FromResponse for RawBody {
    fn from_response(raw: RawResponse<'_>, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        if raw.body.len() > opts.max_bytes {
            return Err(DecodeError::new(
                DecodeErrorKind::TooLarge,
                format!(
                    "body of {} bytes is over the limit of {} bytes",
                    raw.body.len(),
                    opts.max_bytes
                ),
            ));
        }
        Ok(Self {
            text: raw.body.to_owned(),
        })
    }
}

/// The answer to an update or delete: 204 without a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoContent;

impl FromResponse for NoContent {
    fn from_response(_: RawResponse<'_>, _: &DecodeOptions) -> Result<Self, DecodeError> {
        Ok(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: EndpointSpec = EndpointSpec {
        name: "t",
        api: Api::V1,
        method: Method::Get,
        path: "/campaigns/{campaign}/events/",
        query: &[],
        request: None,
        response: ResponseShape::Empty,
        success: &[200],
        paging: Paging::None,
        accept: "application/atom+xml",
        content_type: None,
        fixed_form: &[],
        scopes: &[],
        max_body: None,
        reference: "",
    };

    #[test]
    fn trailing_slash_is_significant_in_matching() {
        assert_eq!(SPEC.match_path("/campaigns/12/events/"), Some(vec!["12"]));
        assert_eq!(SPEC.match_path("/campaigns/12/events"), None);
        assert_eq!(SPEC.match_path("/campaigns//events/"), None);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        let r: Request<NoContent> = Request::new(
            &SPEC,
            "/contacts".into(),
            vec![("email", "a+b@x.com".into()), ("email", "c d".into())],
            None,
        );
        assert_eq!(
            r.path_and_query(),
            "/contacts?email=a%2Bb%40x.com&email=c%20d"
        );
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A payload field or parameter the API would reject; nothing was sent.
    #[error(transparent)]
    Invalid(#[from] crate::validate::ValidationError),
    /// The payload could not be written (as XML, or as JSON for V3).
    #[error(transparent)]
    Encode(#[from] crate::codec::EncodeError),
}
