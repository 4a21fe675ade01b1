//! The SPA's only door to the server: one generic JSON request function that turns every failure
//! into an [`ApiErrorKind`], and one small function per endpoint.

use gloo::net::http::{Headers, Method, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::{
    AdvisorMatch, ApiError, Faculty, FacultyDetail, Health, Id, Lab, LabDetail, LabMatch,
    ListQuery, MatchList, MatchRequest, Page, Project, Ranked, ResearchArea, Student, StudentRef,
};
use wasm_bindgen::JsValue;

/// Why a request failed, by what the page should do about it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiErrorKind {
    /// 404: the resource does not exist.
    NotFound(ApiError),
    /// 400: a malformed query or path.
    BadRequest(ApiError),
    /// 422 (or 413): a well-formed request the server will not act on; the message says why.
    Invalid(ApiError),
    /// 5xx and any other unexpected status.
    Server(ApiError),
    /// The request never got an answer (offline, server down, CORS…).
    Network(String),
    /// An answer came back but was not what this page expected.
    Decode(String),
}

impl ApiErrorKind {
    /// Maps a non-2xx status and its (already parsed) body to a kind.
    pub fn from_status(status: u16, body: ApiError) -> Self {
        match status {
            404 => ApiErrorKind::NotFound(body),
            400 => ApiErrorKind::BadRequest(body),
            413 | 422 => ApiErrorKind::Invalid(body),
            _ => ApiErrorKind::Server(body),
        }
    }

    /// A sentence for the person using the app.
    pub fn message(&self) -> String {
        match self {
            ApiErrorKind::NotFound(e)
            | ApiErrorKind::BadRequest(e)
            | ApiErrorKind::Invalid(e)
            | ApiErrorKind::Server(e) => sentence(&e.message),
            ApiErrorKind::Network(_) => {
                "Could not reach ThesisMatch. Check your connection and try again.".to_owned()
            }
            ApiErrorKind::Decode(_) => {
                "The server sent an answer this page could not read. Reload the page and try again."
                    .to_owned()
            }
        }
    }

    /// A short heading for an error panel.
    pub fn title(&self) -> &'static str {
        match self {
            ApiErrorKind::NotFound(_) => "Not found",
            ApiErrorKind::BadRequest(_) | ApiErrorKind::Invalid(_) => "Please check your input",
            ApiErrorKind::Server(_) => "Something went wrong on our side",
            ApiErrorKind::Network(_) => "You seem to be offline",
            ApiErrorKind::Decode(_) => "Unexpected answer",
        }
    }

    /// Technical detail for the console (never shown as the main message).
    pub fn detail(&self) -> String {
        match self {
            ApiErrorKind::NotFound(e)
            | ApiErrorKind::BadRequest(e)
            | ApiErrorKind::Invalid(e)
            | ApiErrorKind::Server(e) => format!("{}: {}", e.error, e.message),
            ApiErrorKind::Network(d) | ApiErrorKind::Decode(d) => d.clone(),
        }
    }

    /// Per-field messages the server sent, if any.
    pub fn fields(&self) -> &[shared::FieldError] {
        match self {
            ApiErrorKind::NotFound(e)
            | ApiErrorKind::BadRequest(e)
            | ApiErrorKind::Invalid(e)
            | ApiErrorKind::Server(e) => e.fields.as_deref().unwrap_or_default(),
            ApiErrorKind::Network(_) | ApiErrorKind::Decode(_) => &[],
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiErrorKind::NotFound(_))
    }
}

impl std::fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Capitalises the first letter and ends with a full stop, so server messages read as sentences.
fn sentence(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return "Something went wrong.".to_owned(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

pub type ApiResult<T> = Result<T, ApiErrorKind>;

/// Builds the fetch request. (Not `RequestBuilder`: gloo-net 0.5 appends a stray `&` to a URL that
/// already has a query string.)
fn build_request(method: &Method, url: &str, body: Option<String>) -> Result<Request, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_str());
    let headers = Headers::new();
    headers.set("Accept", "application/json");
    if let Some(body) = body {
        headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers.into_raw());
    web_sys::Request::new_with_str_and_init(url, &init)
        .map(Request::from)
        .map_err(|e| format!("{e:?}"))
}

/// The one request function: sends `body` (if any) as JSON, answers the decoded 2xx body or the
/// typed error of anything else.
pub async fn request<B, T>(method: Method, url: &str, body: Option<&B>) -> ApiResult<T>
where
    B: Serialize + ?Sized,
    T: DeserializeOwned,
{
    let body = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| ApiErrorKind::Decode(format!("could not encode the request: {e}")))?;
    let request = build_request(&method, url, body)
        .map_err(|e| ApiErrorKind::Network(format!("could not build the request: {e}")))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiErrorKind::Network(e.to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiErrorKind::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|e| ApiErrorKind::Decode(format!("{url}: {e}")))
    } else {
        let body = serde_json::from_str::<ApiError>(&text).unwrap_or_else(|_| ApiError {
            error: format!("http_{status}"),
            message: format!(
                "the server answered {status} {}",
                response.status_text().trim()
            ),
            fields: None,
        });
        Err(ApiErrorKind::from_status(status, body))
    }
}

async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    request::<(), T>(Method::GET, url, None).await
}

async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(url: &str, body: &B) -> ApiResult<T> {
    request(Method::POST, url, Some(body)).await
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `?q=…&area=…` for a list query, without the fields that are not set ("" when none is).
pub fn query_string(query: &ListQuery) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(query) else {
        return String::new();
    };
    let pairs: Vec<String> = map
        .iter()
        .filter_map(|(key, value)| {
            let value = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some(format!(
                "{}={}",
                encode_component(key),
                encode_component(&value)
            ))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

pub async fn health() -> ApiResult<Health> {
    get("/api/health").await
}

pub async fn areas() -> ApiResult<Vec<ResearchArea>> {
    get("/api/areas").await
}

pub async fn labs(query: &ListQuery) -> ApiResult<Page<Lab>> {
    get(&format!("/api/labs{}", query_string(query))).await
}

pub async fn lab(id: Id) -> ApiResult<LabDetail> {
    get(&format!("/api/labs/{id}")).await
}

pub async fn faculty_list(query: &ListQuery) -> ApiResult<Page<Faculty>> {
    get(&format!("/api/faculty{}", query_string(query))).await
}

pub async fn faculty(id: Id) -> ApiResult<FacultyDetail> {
    get(&format!("/api/faculty/{id}")).await
}

pub async fn projects(query: &ListQuery) -> ApiResult<Page<Project>> {
    get(&format!("/api/projects{}", query_string(query))).await
}

pub async fn project(id: Id) -> ApiResult<Project> {
    get(&format!("/api/projects/{id}")).await
}

pub async fn preview_matches(request: &MatchRequest) -> ApiResult<MatchList> {
    post("/api/matches/preview", request).await
}

/// Every student's name, for the demo picker (the API pages at 100).
pub async fn students() -> ApiResult<Page<StudentRef>> {
    get("/api/students?per_page=100").await
}

pub async fn student(id: Id) -> ApiResult<Student> {
    get(&format!("/api/students/{id}")).await
}

pub async fn student_matches(id: Id, limit: u32) -> ApiResult<MatchList> {
    get(&format!("/api/students/{id}/matches?limit={limit}")).await
}

pub async fn student_advisors(id: Id) -> ApiResult<Ranked<AdvisorMatch>> {
    get(&format!("/api/students/{id}/advisors")).await
}

pub async fn student_labs(id: Id) -> ApiResult<Ranked<LabMatch>> {
    get(&format!("/api/students/{id}/labs")).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ProjectStatus;

    #[test]
    fn query_string_skips_unset_fields_and_encodes_values() {
        assert_eq!(query_string(&ListQuery::default()), "");
        let q = ListQuery {
            q: Some("brain MRI & CT/é".into()),
            area: Some("imaging".into()),
            status: Some(ProjectStatus::Open),
            page: Some(2),
            ..ListQuery::default()
        };
        assert_eq!(
            query_string(&q),
            "?area=imaging&page=2&q=brain%20MRI%20%26%20CT%2F%C3%A9&status=open"
        );
    }

    #[test]
    fn statuses_map_to_kinds() {
        let body = ApiError {
            error: "x".into(),
            message: "no such project".into(),
            fields: None,
        };
        assert!(ApiErrorKind::from_status(404, body.clone()).is_not_found());
        assert!(matches!(
            ApiErrorKind::from_status(422, body.clone()),
            ApiErrorKind::Invalid(_)
        ));
        assert!(matches!(
            ApiErrorKind::from_status(503, body.clone()),
            ApiErrorKind::Server(_)
        ));
        assert_eq!(
            ApiErrorKind::from_status(400, body).message(),
            "No such project."
        );
    }
}
