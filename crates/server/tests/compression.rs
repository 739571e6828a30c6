//! The console's pages, style and script are sent gzip-compressed to a browser that
//! accepts it, and read back whole; API answers are sent as they are.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gatecheck_server::{router, ApiConfig, AppState};
use http_body_util::BodyExt;
use std::io::Read;
use std::sync::Arc;
use tower::ServiceExt;

fn clock() -> i64 {
    1_795_910_400
}

/// The status, the `content-encoding` and the body of a GET, gunzipped when compressed.
async fn get(
    app: &axum::Router,
    uri: &str,
    accept: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let mut request = Request::builder().uri(uri);
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|value| value.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if encoding.as_deref() == Some("gzip") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        text
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    (status, encoding, body)
}

/// A page with its form's CSRF token (new on each page) blanked.
fn without_token(page: &str) -> String {
    const FIELD: &str = r#"name="csrf" value=""#;
    match page.find(FIELD) {
        Some(at) => {
            let start = at + FIELD.len();
            let end = start + page[start..].find('"').unwrap();
            format!("{}{}", &page[..start], &page[end..])
        }
        None => page.to_string(),
    }
}

#[tokio::test]
async fn pages_are_compressed_for_a_browser_that_accepts_it_and_api_answers_are_not() {
    let directory = tempfile::tempdir().unwrap();
    let (store, _) = common::store_with_member(directory.path(), clock());
    let app = router(Arc::new(
        AppState::new(store, ApiConfig::default(), clock).unwrap(),
    ));
    for uri in [
        "/console/sign-in",
        "/console/assets/console.css",
        "/console/assets/console.js",
    ] {
        let (status, encoding, body) = get(&app, uri, Some("gzip, deflate, br")).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(encoding.as_deref(), Some("gzip"), "{uri}");
        let (_, plain_encoding, plain) = get(&app, uri, None).await;
        assert_eq!(plain_encoding, None, "{uri}: not asked for");
        assert_eq!(
            without_token(&body),
            without_token(&plain),
            "{uri}: the same page either way"
        );
    }
    let (_, _, page) = get(&app, "/console/sign-in", Some("gzip")).await;
    assert!(page.contains("<form"), "{page}");
    // a JSON answer is left as it is
    let (status, encoding, document) = get(&app, "/openapi.json", Some("gzip")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(encoding, None);
    assert!(document.starts_with('{'));
}
