//! Path and query extractors: axum's `Path` and `Query`, with every rejection (a path segment that
//! is not UTF-8 once percent-decoded, a parameter of the wrong type...) answered in the caller's
//! kind instead of axum's `text/plain` body: a problem document for the API ([`ApiPath`],
//! [`ApiQuery`]), the site's error page for the pages ([`PagePath`], [`PageQuery`]).

use crate::pages::PageError;
use crate::problem::Problem;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// Path parameters, rejected as a [`Problem`].
#[derive(Debug)]
pub(crate) struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let axum::extract::Path(v) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(v))
    }
}

/// Query parameters, rejected as a [`Problem`].
#[derive(Debug)]
pub(crate) struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let axum::extract::Query(v) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(v))
    }
}

/// Path parameters of a page, rejected as the site's error page (the same [`Problem`], shown).
#[derive(Debug)]
pub(crate) struct PagePath<T>(pub T);

impl<T, S> FromRequestParts<S> for PagePath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        let ApiPath(v) = ApiPath::<T>::from_request_parts(parts, state).await?;
        Ok(PagePath(v))
    }
}

/// Query parameters of a page, rejected as the site's error page (the same [`Problem`], shown).
#[derive(Debug)]
pub(crate) struct PageQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for PageQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        let ApiQuery(v) = ApiQuery::<T>::from_request_parts(parts, state).await?;
        Ok(PageQuery(v))
    }
}
