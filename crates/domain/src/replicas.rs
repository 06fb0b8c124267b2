//! Other replicas: a change made through this one must not stay hidden behind their caches.
//! The port is implemented by `cs-auth`'s change feed (PostgreSQL `NOTIFY`); one node needs none.

use futures::future::BoxFuture;

use crate::service::CustomerService;

/// Tells the other replicas that an end user's data changed through us.
pub trait ChangeNotice: Send + Sync + 'static {
    /// `user_id`'s devices or events changed: every replica forgets what it cached of them.
    fn user_changed<'a>(&'a self, user_id: &'a str) -> BoxFuture<'a, ()>;
}

/// One node: nobody else to tell.
pub(crate) struct SingleNode;

impl ChangeNotice for SingleNode {
    fn user_changed<'a>(&'a self, _user_id: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}

impl CustomerService {
    /// The service telling other replicas through `notice` of every change it makes.
    #[must_use]
    pub fn with_change_notice(mut self, notice: std::sync::Arc<dyn ChangeNotice>) -> Self {
        self.notice = notice;
        self
    }

    /// Forgets what is cached of `user_id`'s devices and events: another replica changed them.
    pub async fn forget_user(&self, user_id: &str) {
        self.caches.invalidate_user(user_id).await;
    }

    /// Forgets every cached person, search, device list and events page: changes may have been
    /// missed (the change feed reconnected).
    pub fn forget_everything(&self) {
        self.caches.invalidate_all();
    }
}
