"""The carer's 4-week view tells annual leave, sickness, training, a day off and a day not
rostered yet apart (issue 10 #9), instead of calling every day without calls "Day off"."""

from tests.support.planner_setup import MONDAY, add_call


def _leave(client, factory, carer_id, kind, day):
    r = client.post("/leave", json={"kind": kind, "start_date": day, "end_date": day, "carer_id": carer_id},
                    headers=factory.headers("planner"))
    assert r.status_code == 201, r.text
    leave = r.json()
    if leave["status"] != "approved":
        r = client.post(f"/leave/{leave['id']}/approve", json={"version": leave["version"]},
                        headers=factory.headers("manager"))
        assert r.status_code == 200, r.text


def test_each_kind_of_day_has_its_own_words(client, factory):
    h = factory.headers("planner")
    weekdays = [{"weekday": d, "start": "07:00", "end": "22:00"} for d in range(5)]  # Monday to Friday
    ann, ann_h = factory.carer_user(name="Ann", availability=weekdays)
    add_call(client, h, factory.client_()["id"], start="09:00", carer_ids=[ann["id"]])
    _leave(client, factory, ann["id"], "annual", "2030-01-08")
    _leave(client, factory, ann["id"], "sick", "2030-01-09")
    _leave(client, factory, ann["id"], "training", "2030-01-10")
    r = client.post("/publications", json={"start": MONDAY, "end": "2030-01-13"}, headers=h)
    assert r.status_code == 201, r.text

    days = client.get(f"/me/runs?start={MONDAY}&end=2030-01-14", headers=ann_h).json()
    assert {d["date"]: d["kind"] for d in days} == {
        "2030-01-07": "working",
        "2030-01-08": "annual_leave",
        "2030-01-09": "sick",
        "2030-01-10": "training",
        "2030-01-11": "no_calls",  # published, and the rota gives her none
        "2030-01-12": "day_off",  # she does not work weekends
        "2030-01-13": "day_off",
        "2030-01-14": "not_rostered",  # a working day no publication covers yet
    }
