//! 32 writers at once on one account: afterwards the state is exactly what the successful
//! responses promised.

use crate::support;

use std::collections::BTreeMap;
use std::sync::Arc;

use ctct_models::v1::contacts::Contact;
use ctct_models::v1::lists::ContactListMember;
use support::v1::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_writers_lose_nothing() {
    let api = Arc::new(start(0, 2).await);
    let mut tasks = Vec::new();
    for t in 0..32 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            // What this task's successful responses promise: email -> (id, first name, lists).
            let mut promised = BTreeMap::new();
            let mut shared_created = 0;
            for i in 0..4 {
                let email = format!("w{t}-{i}@example.com");
                let r = api.create(&new_contact(&email, &["1"])).await;
                assert_eq!(r.status, 201, "{}", r.body);
                let id = tail(r.header("location").unwrap());
                let mut c = api.contact(&id).await;
                c.first_name = Some(format!("T{t}I{i}"));
                let lists: &[&str] = if i % 2 == 0 { &["1", "2"] } else { &["2"] };
                c.contact_lists = on_lists(lists);
                assert_eq!(api.put_contact(&id, &c).await.status, 204);
                promised.insert(email, (id, format!("T{t}I{i}"), lists.len()));
            }
            // Every task races for the same address: exactly one may win.
            match api
                .create(&new_contact("shared@example.com", &["1"]))
                .await
                .status
            {
                201 => shared_created += 1,
                409 => {}
                other => panic!("unexpected {other}"),
            }
            (promised, shared_created)
        }));
    }
    let mut promised = BTreeMap::new();
    let mut shared = 0;
    for t in tasks {
        let (p, s) = t.await.unwrap();
        promised.extend(p);
        shared += s;
    }
    assert_eq!(
        shared, 1,
        "exactly one create of the shared address succeeds"
    );
    assert_eq!(promised.len(), 128);

    let all = api.all::<Contact>("/contacts").await;
    assert_eq!(all.len(), 129);
    let mut ids: Vec<String> = tails(&all);
    ids.dedup();
    assert_eq!(ids.len(), 129, "ids are distinct");
    for (email, (id, first, lists)) in &promised {
        let c = api.contact(id).await;
        assert_eq!(c.email_address.as_deref(), Some(email.as_str()));
        assert_eq!(c.first_name.as_deref(), Some(first.as_str()));
        assert_eq!(c.contact_lists.unwrap().lists.len(), *lists);
    }
    // Both sides of membership agree: list 2 has all 128, list 1 the 64 even ones + shared.
    assert_eq!(
        api.all::<ContactListMember>("/lists/2/members").await.len(),
        128
    );
    assert_eq!(
        api.all::<ContactListMember>("/lists/1/members").await.len(),
        65
    );
}
