//! The SPA's only door to the server: one generic request function that turns every failure into
//! an [`ApiErrorKind`], and one small function per endpoint.

use gloo::net::http::{Headers, Method, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::{
    AdvisorMatch, AllocationDiff, AllocationRequest, AllocationRun, AllocationSummary, ApiError,
    Applicant, ApplicantRanking, ApplicantRankingUpdate, AuditEntry, AuditQuery, BulkDecision,
    Cycle, CyclePatch, Dashboard, Disclosure, Faculty, FacultyDetail, FacultyId, FacultyPatch,
    Health, ImportKind, ImportReport, Inbox, Lab, LabDetail, LabId, LabMatch, ListQuery,
    LoginRequest, MatchList, MatchRequest, Me, MyData, NewPairing, NewProject, NoticeId, Page,
    Pairing, PairingId, PairingQuery, PairingRequest, PasswordChange, PasswordReset, ProfilePatch,
    Project, ProjectId, ProjectPatch, PublishReport, RankList, RankListUpdate, Ranked, Reason,
    ResearchArea, ResetLink, RowProblem, RunId, Student, StudentId, TaxonomyFile, UserId,
    UserPatch, UserQuery, UserSummary,
};
use wasm_bindgen::JsValue;

/// Why a request failed, by what the page should do about it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiErrorKind {
    /// 401: nobody is signed in (or the session ended), or a sign-in was refused.
    Unauthorized(ApiError),
    /// 403: signed in, but this account may not do that.
    Forbidden(ApiError),
    /// 404: the resource does not exist.
    NotFound(ApiError),
    /// 400: a malformed query or path.
    BadRequest(ApiError),
    /// 409: the change conflicts with what is stored (a taken e-mail, a duplicate slug…).
    Conflict(ApiError),
    /// 422 (or 413): a well-formed request the server will not act on; the message says why.
    Invalid(ApiError),
    /// 429: too many failed sign-ins; `Retry-After` says how long to wait.
    TooManyRequests { retry_after_secs: Option<u32> },
    /// 5xx and any other unexpected status.
    Server(ApiError),
    /// The request never got an answer (offline, server down, CORS…).
    Network(String),
    /// An answer came back but was not what this page expected.
    Decode(String),
}

/// Reads a `Retry-After` header given in seconds (the server never sends the HTTP-date form).
pub fn parse_retry_after(value: Option<&str>) -> Option<u32> {
    value.and_then(|v| v.trim().parse::<u32>().ok())
}

/// "30 seconds", "1 minute", "5 minutes" (rounded up to whole minutes past a minute).
pub fn wait_text(secs: u32) -> String {
    if secs < 60 {
        crate::util::count(u64::from(secs.max(1)), "second", "seconds")
    } else {
        crate::util::count(u64::from(secs.div_ceil(60)), "minute", "minutes")
    }
}

impl ApiErrorKind {
    /// Maps a non-2xx status and its (already parsed) body to a kind.
    #[cfg(test)]
    pub fn from_status(status: u16, body: ApiError) -> Self {
        Self::from_response(status, body, None)
    }

    /// Like [`from_status`](Self::from_status), with the response's `Retry-After` header.
    pub fn from_response(status: u16, body: ApiError, retry_after: Option<&str>) -> Self {
        match status {
            401 => ApiErrorKind::Unauthorized(body),
            403 => ApiErrorKind::Forbidden(body),
            404 => ApiErrorKind::NotFound(body),
            400 => ApiErrorKind::BadRequest(body),
            409 => ApiErrorKind::Conflict(body),
            413 | 422 => ApiErrorKind::Invalid(body),
            429 => ApiErrorKind::TooManyRequests {
                retry_after_secs: parse_retry_after(retry_after),
            },
            _ => ApiErrorKind::Server(body),
        }
    }

    /// The server's error body, when there is one.
    pub fn body(&self) -> Option<&ApiError> {
        match self {
            ApiErrorKind::Unauthorized(e)
            | ApiErrorKind::Forbidden(e)
            | ApiErrorKind::NotFound(e)
            | ApiErrorKind::BadRequest(e)
            | ApiErrorKind::Conflict(e)
            | ApiErrorKind::Invalid(e)
            | ApiErrorKind::Server(e) => Some(e),
            ApiErrorKind::TooManyRequests { .. }
            | ApiErrorKind::Network(_)
            | ApiErrorKind::Decode(_) => None,
        }
    }

    /// A sentence for the person using the app.
    pub fn message(&self) -> String {
        match self {
            ApiErrorKind::TooManyRequests {
                retry_after_secs: Some(secs),
            } => format!(
                "Too many failed sign-ins. Wait {} and try again.",
                wait_text(*secs)
            ),
            ApiErrorKind::TooManyRequests {
                retry_after_secs: None,
            } => "Too many failed sign-ins. Wait a few minutes and try again.".to_owned(),
            ApiErrorKind::Network(_) => {
                "Could not reach ThesisMatch. Check your connection and try again.".to_owned()
            }
            ApiErrorKind::Decode(_) => {
                "The server sent an answer this page could not read. Reload the page and try again."
                    .to_owned()
            }
            other => other
                .body()
                .map(|e| sentence(&e.message))
                .unwrap_or_default(),
        }
    }

    /// A short heading for an error panel.
    pub fn title(&self) -> &'static str {
        match self {
            ApiErrorKind::Unauthorized(_) => "Sign in to see this",
            ApiErrorKind::Forbidden(_) => "You don't have access to this page",
            ApiErrorKind::NotFound(_) => "Not found",
            ApiErrorKind::BadRequest(_) | ApiErrorKind::Invalid(_) => "Please check your input",
            ApiErrorKind::Conflict(_) => "That clashes with what is stored",
            ApiErrorKind::TooManyRequests { .. } => "Too many attempts",
            ApiErrorKind::Server(_) => "Something went wrong on our side",
            ApiErrorKind::Network(_) => "You seem to be offline",
            ApiErrorKind::Decode(_) => "Unexpected answer",
        }
    }

    /// Technical detail for the console (never shown as the main message).
    pub fn detail(&self) -> String {
        match self {
            ApiErrorKind::Network(d) | ApiErrorKind::Decode(d) => d.clone(),
            ApiErrorKind::TooManyRequests { retry_after_secs } => {
                format!("429, retry after {retry_after_secs:?} s")
            }
            other => other
                .body()
                .map(|e| format!("{}: {}", e.error, e.message))
                .unwrap_or_default(),
        }
    }

    /// Per-field messages the server sent, if any.
    pub fn fields(&self) -> &[shared::FieldError] {
        self.body()
            .and_then(|e| e.fields.as_deref())
            .unwrap_or_default()
    }

    /// The bad rows of a refused CSV import.
    pub fn rows(&self) -> &[RowProblem] {
        self.body()
            .and_then(|e| e.rows.as_deref())
            .unwrap_or_default()
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiErrorKind::NotFound(_))
    }

    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiErrorKind::Unauthorized(_))
    }

    pub fn is_forbidden(&self) -> bool {
        matches!(self, ApiErrorKind::Forbidden(_))
    }

    /// Whether trying the very same request again may help (not for what was typed or allowed).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiErrorKind::Server(_) | ApiErrorKind::Network(_) | ApiErrorKind::Decode(_)
        )
    }
}

impl std::fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Capitalises the first letter and ends with a full stop, so server messages read as sentences.
pub fn sentence(s: &str) -> String {
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

/// A request body and its media type.
pub enum Body {
    Json(String),
    /// A CSV file, sent as it is (`text/csv`).
    Csv(String),
}

/// Builds the fetch request. (Not `RequestBuilder`: gloo-net 0.5 appends a stray `&` to a URL that
/// already has a query string.) Same-origin requests carry the session cookie.
fn build_request(method: &Method, url: &str, body: Option<Body>) -> Result<Request, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_str());
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = Headers::new();
    headers.set("Accept", "application/json");
    let (content_type, text) = match body {
        Some(Body::Json(text)) => (Some("application/json"), Some(text)),
        Some(Body::Csv(text)) => (Some("text/csv; charset=utf-8"), Some(text)),
        None => (None, None),
    };
    if let (Some(content_type), Some(text)) = (content_type, text) {
        headers.set("Content-Type", content_type);
        init.set_body(&JsValue::from_str(&text));
    }
    init.set_headers(&headers.into_raw());
    web_sys::Request::new_with_str_and_init(url, &init)
        .map(Request::from)
        .map_err(|e| format!("{e:?}"))
}

/// Decodes a 2xx body; an empty one (204) reads as JSON `null`, which is what `()` expects.
fn decode_ok<T: DeserializeOwned>(url: &str, text: &str) -> ApiResult<T> {
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| ApiErrorKind::Decode(format!("{url}: {e}")))
}

/// The error body of a non-2xx answer, or one made up from the status when it is not JSON.
fn error_body(status: u16, status_text: &str, text: &str) -> ApiError {
    serde_json::from_str::<ApiError>(text).unwrap_or_else(|_| ApiError {
        error: format!("http_{status}"),
        message: format!("the server answered {status} {}", status_text.trim()),
        fields: None,
        rows: None,
    })
}

/// The one request function: sends `body` (if any), answers the decoded 2xx body or the typed
/// error of anything else.
pub async fn send<T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Option<Body>,
) -> ApiResult<T> {
    let request = build_request(&method, url, body)
        .map_err(|e| ApiErrorKind::Network(format!("could not build the request: {e}")))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiErrorKind::Network(e.to_string()))?;
    let status = response.status();
    let retry_after = response.headers().get("Retry-After");
    let text = response
        .text()
        .await
        .map_err(|e| ApiErrorKind::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        decode_ok(url, &text)
    } else {
        let body = error_body(status, &response.status_text(), &text);
        Err(ApiErrorKind::from_response(
            status,
            body,
            retry_after.as_deref(),
        ))
    }
}

/// [`send`] with `body` (if any) encoded as JSON.
pub async fn request<B, T>(method: Method, url: &str, body: Option<&B>) -> ApiResult<T>
where
    B: Serialize + ?Sized,
    T: DeserializeOwned,
{
    let body = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| ApiErrorKind::Decode(format!("could not encode the request: {e}")))?;
    send(method, url, body.map(Body::Json)).await
}

async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    request::<(), T>(Method::GET, url, None).await
}

async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(url: &str, body: &B) -> ApiResult<T> {
    request(Method::POST, url, Some(body)).await
}

async fn post_empty<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    request::<(), T>(Method::POST, url, None).await
}

async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(url: &str, body: &B) -> ApiResult<T> {
    request(Method::PATCH, url, Some(body)).await
}

async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(url: &str, body: &B) -> ApiResult<T> {
    request(Method::PUT, url, Some(body)).await
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

/// `?q=…&area=…` for a query struct, without the fields that are not set ("" when none is).
pub fn query_string<Q: Serialize>(query: &Q) -> String {
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

// ---------- Catalogue (public) ----------

pub async fn health() -> ApiResult<Health> {
    get("/api/health").await
}

pub async fn areas() -> ApiResult<Vec<ResearchArea>> {
    get("/api/areas").await
}

pub async fn labs(query: &ListQuery) -> ApiResult<Page<Lab>> {
    get(&format!("/api/labs{}", query_string(query))).await
}

pub async fn lab(id: LabId) -> ApiResult<LabDetail> {
    get(&format!("/api/labs/{id}")).await
}

pub async fn faculty_list(query: &ListQuery) -> ApiResult<Page<Faculty>> {
    get(&format!("/api/faculty{}", query_string(query))).await
}

pub async fn faculty(id: FacultyId) -> ApiResult<FacultyDetail> {
    get(&format!("/api/faculty/{id}")).await
}

pub async fn projects(query: &ListQuery) -> ApiResult<Page<Project>> {
    get(&format!("/api/projects{}", query_string(query))).await
}

pub async fn project(id: ProjectId) -> ApiResult<Project> {
    get(&format!("/api/projects/{id}")).await
}

pub async fn preview_matches(request: &MatchRequest) -> ApiResult<MatchList> {
    post("/api/matches/preview", request).await
}

/// The OpenAPI 3.1 document, read loosely (the docs page walks it as JSON).
pub async fn openapi() -> ApiResult<serde_json::Value> {
    get("/api/openapi.json").await
}

// ---------- Sessions and the signed-in account ----------

pub async fn login(request: &LoginRequest) -> ApiResult<Me> {
    post("/api/auth/login", request).await
}

pub async fn logout() -> ApiResult<()> {
    post_empty("/api/auth/logout").await
}

pub async fn reset_password(reset: &PasswordReset) -> ApiResult<()> {
    post("/api/auth/reset", reset).await
}

/// Who is signed in; [`ApiErrorKind::Unauthorized`] when nobody is.
pub async fn me() -> ApiResult<Me> {
    get("/api/me").await
}

pub async fn change_password(change: &PasswordChange) -> ApiResult<()> {
    post("/api/me/password", change).await
}

/// Everything stored about the signed-in person.
pub async fn export_my_data() -> ApiResult<MyData> {
    get("/api/me/export").await
}

/// Who has seen the signed-in student's record: one page, newest first.
pub async fn my_disclosures(page: u64) -> ApiResult<Page<Disclosure>> {
    get(&format!("/api/me/disclosures?page={page}")).await
}

// ---------- Students ----------

pub async fn my_profile() -> ApiResult<Student> {
    get("/api/me/profile").await
}

pub async fn update_my_profile(patch_body: &ProfilePatch) -> ApiResult<Student> {
    patch("/api/me/profile", patch_body).await
}

/// Matches of the signed-in student's saved profile.
pub async fn my_matches(limit: u32) -> ApiResult<MatchList> {
    get(&format!("/api/me/matches?limit={limit}")).await
}

pub async fn student(id: StudentId) -> ApiResult<Student> {
    get(&format!("/api/students/{id}")).await
}

pub async fn student_matches(id: StudentId, limit: u32) -> ApiResult<MatchList> {
    get(&format!("/api/students/{id}/matches?limit={limit}")).await
}

pub async fn student_advisors(id: StudentId) -> ApiResult<Ranked<AdvisorMatch>> {
    get(&format!("/api/students/{id}/advisors")).await
}

pub async fn student_labs(id: StudentId) -> ApiResult<Ranked<LabMatch>> {
    get(&format!("/api/students/{id}/labs")).await
}

// ---------- Faculty ----------

/// The projects the signed-in faculty member advises or co-mentors, drafts included.
pub async fn my_projects() -> ApiResult<Vec<Project>> {
    get("/api/me/projects").await
}

pub async fn create_project(project: &NewProject) -> ApiResult<Project> {
    post("/api/projects", project).await
}

pub async fn update_project(id: ProjectId, patch_body: &ProjectPatch) -> ApiResult<Project> {
    patch(&format!("/api/projects/{id}"), patch_body).await
}

pub async fn update_faculty(id: FacultyId, patch_body: &FacultyPatch) -> ApiResult<Faculty> {
    patch(&format!("/api/faculty/{id}"), patch_body).await
}

/// Students whose certified rank list names the project (its advisor, co-mentor or a director).
pub async fn project_applicants(id: ProjectId) -> ApiResult<Vec<Applicant>> {
    get(&format!("/api/projects/{id}/applicants")).await
}

/// The signed-in faculty member's order over their applicants.
pub async fn my_applicant_ranking() -> ApiResult<ApplicantRanking> {
    get("/api/me/applicant-ranking").await
}

pub async fn save_applicant_ranking(
    update: &ApplicantRankingUpdate,
) -> ApiResult<ApplicantRanking> {
    put("/api/me/applicant-ranking", update).await
}

// ---------- The thesis cycle ----------

pub async fn cycle() -> ApiResult<Cycle> {
    get("/api/cycle").await
}

pub async fn update_cycle(patch_body: &CyclePatch) -> ApiResult<Cycle> {
    patch("/api/cycle", patch_body).await
}

/// The signed-in student's working rank list and its certified version.
pub async fn my_ranking() -> ApiResult<RankList> {
    get("/api/me/ranking").await
}

pub async fn save_my_ranking(update: &RankListUpdate) -> ApiResult<RankList> {
    put("/api/me/ranking", update).await
}

pub async fn certify_my_ranking() -> ApiResult<RankList> {
    post_empty("/api/me/ranking/certify").await
}

/// Pairings the signed-in person may see (a director: all, filtered by `query`).
pub async fn pairings(query: &PairingQuery) -> ApiResult<Vec<Pairing>> {
    get(&format!("/api/pairings{}", query_string(query))).await
}

pub async fn create_pairing(pairing: &NewPairing) -> ApiResult<Pairing> {
    post("/api/pairings", pairing).await
}

pub async fn request_pairing(request_body: &PairingRequest) -> ApiResult<Pairing> {
    post("/api/pairings/request", request_body).await
}

pub async fn endorse_pairing(id: PairingId) -> ApiResult<Pairing> {
    post_empty(&format!("/api/pairings/{id}/endorse")).await
}

pub async fn approve_pairing(id: PairingId) -> ApiResult<Pairing> {
    post_empty(&format!("/api/pairings/{id}/approve")).await
}

pub async fn reject_pairing(id: PairingId, reason: &Reason) -> ApiResult<Pairing> {
    post(&format!("/api/pairings/{id}/reject"), reason).await
}

pub async fn withdraw_pairing(id: PairingId, reason: &Reason) -> ApiResult<Pairing> {
    post(&format!("/api/pairings/{id}/withdraw"), reason).await
}

/// Approves and rejects many at once: all or nothing.
pub async fn decide_pairings(decision: &BulkDecision) -> ApiResult<Vec<Pairing>> {
    post("/api/pairings/bulk", decision).await
}

pub async fn inbox() -> ApiResult<Inbox> {
    get("/api/me/inbox").await
}

pub async fn read_notice(id: NoticeId) -> ApiResult<()> {
    post_empty(&format!("/api/me/inbox/{id}/read")).await
}

pub async fn read_all_notices() -> ApiResult<()> {
    post_empty("/api/me/inbox/read-all").await
}

pub async fn dashboard() -> ApiResult<Dashboard> {
    get("/api/dashboard").await
}

pub async fn run_allocation(request_body: &AllocationRequest) -> ApiResult<AllocationRun> {
    post("/api/allocations", request_body).await
}

pub async fn allocations() -> ApiResult<Vec<AllocationSummary>> {
    get("/api/allocations").await
}

pub async fn allocation(id: RunId) -> ApiResult<AllocationRun> {
    get(&format!("/api/allocations/{id}")).await
}

pub async fn allocation_diff(id: RunId, other: RunId) -> ApiResult<AllocationDiff> {
    get(&format!("/api/allocations/{id}/diff/{other}")).await
}

pub async fn publish_allocation(id: RunId) -> ApiResult<PublishReport> {
    post_empty(&format!("/api/allocations/{id}/publish")).await
}

// ---------- Directors ----------

/// The student directory (`q`, `area`, `page`, `per_page` of the query).
pub async fn students(query: &ListQuery) -> ApiResult<Page<Student>> {
    get(&format!("/api/students{}", query_string(query))).await
}

pub async fn users(query: &UserQuery) -> ApiResult<Page<UserSummary>> {
    get(&format!("/api/users{}", query_string(query))).await
}

pub async fn update_user(id: UserId, patch_body: &UserPatch) -> ApiResult<UserSummary> {
    patch(&format!("/api/users/{id}"), patch_body).await
}

pub async fn reset_link(id: UserId) -> ApiResult<ResetLink> {
    post_empty(&format!("/api/users/{id}/reset-link")).await
}

pub async fn audit(query: &AuditQuery) -> ApiResult<Page<AuditEntry>> {
    get(&format!("/api/audit{}", query_string(query))).await
}

/// Uploads a CSV file as it is; a refused file answers [`ApiErrorKind::Invalid`] with its rows.
pub async fn import(kind: ImportKind, csv: String) -> ApiResult<ImportReport> {
    send(
        Method::POST,
        &format!("/api/import/{}", kind.as_str()),
        Some(Body::Csv(csv)),
    )
    .await
}

pub async fn taxonomy() -> ApiResult<TaxonomyFile> {
    get("/api/taxonomy").await
}

pub async fn save_taxonomy(taxonomy: &TaxonomyFile) -> ApiResult<TaxonomyFile> {
    put("/api/taxonomy", taxonomy).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{AuditAction, ProjectStatus, Role};

    fn body(message: &str) -> ApiError {
        ApiError {
            error: "x".into(),
            message: message.into(),
            fields: None,
            rows: None,
        }
    }

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
    fn query_string_writes_roles_actions_and_dates() {
        let users = UserQuery {
            q: Some("okonkwo".into()),
            role: Some(Role::Faculty),
            ..UserQuery::default()
        };
        assert_eq!(query_string(&users), "?q=okonkwo&role=faculty");
        let audit = AuditQuery {
            actor: Some(UserId(3)),
            action: Some(AuditAction::LoginSucceeded),
            from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
            to: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            page: Some(2),
            per_page: None,
        };
        assert_eq!(
            query_string(&audit),
            "?action=login_succeeded&actor=3&from=2026-11-01&page=2&to=2026-11-30"
        );
    }

    #[test]
    fn statuses_map_to_kinds() {
        let b = body("no such project");
        assert!(ApiErrorKind::from_status(404, b.clone()).is_not_found());
        assert!(ApiErrorKind::from_status(401, b.clone()).is_unauthorized());
        assert!(ApiErrorKind::from_status(403, b.clone()).is_forbidden());
        assert!(matches!(
            ApiErrorKind::from_status(409, b.clone()),
            ApiErrorKind::Conflict(_)
        ));
        assert!(matches!(
            ApiErrorKind::from_status(422, b.clone()),
            ApiErrorKind::Invalid(_)
        ));
        assert!(matches!(
            ApiErrorKind::from_status(503, b.clone()),
            ApiErrorKind::Server(_)
        ));
        assert_eq!(
            ApiErrorKind::from_status(400, b).message(),
            "No such project."
        );
    }

    #[test]
    fn too_many_requests_reads_retry_after() {
        let e = ApiErrorKind::from_response(429, body("slow down"), Some(" 90 "));
        assert_eq!(
            e,
            ApiErrorKind::TooManyRequests {
                retry_after_secs: Some(90)
            }
        );
        assert_eq!(
            e.message(),
            "Too many failed sign-ins. Wait 2 minutes and try again."
        );
        let e = ApiErrorKind::from_response(429, body("slow down"), Some("30"));
        assert!(e.message().contains("Wait 30 seconds"), "{}", e.message());
        let e = ApiErrorKind::from_response(429, body("slow down"), None);
        assert!(e.message().contains("a few minutes"));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert!(!e.is_retryable());
    }

    #[test]
    fn field_and_row_problems_are_found_by_name() {
        let mut b = body("password too short");
        b.fields = Some(vec![shared::FieldError {
            field: "new_password".into(),
            message: "must be at least 12 characters".into(),
        }]);
        b.rows = Some(vec![RowProblem {
            line: 3,
            column: "background".into(),
            message: "unknown background".into(),
        }]);
        let e = ApiErrorKind::from_status(422, b);
        assert_eq!(e.fields()[0].field, "new_password");
        assert_eq!(e.rows().len(), 1);
        assert_eq!(e.rows()[0].line, 3);
        assert!(ApiErrorKind::Network("down".into()).fields().is_empty());
    }

    #[test]
    fn empty_success_bodies_decode_as_unit() {
        assert_eq!(decode_ok::<()>("/api/auth/logout", ""), Ok(()));
        assert!(decode_ok::<Me>("/api/me", "").is_err());
        let b = error_body(502, "Bad Gateway", "<html>");
        assert_eq!(b.error, "http_502");
        assert_eq!(
            ApiErrorKind::from_status(502, b).message(),
            "The server answered 502 Bad Gateway."
        );
    }
}
