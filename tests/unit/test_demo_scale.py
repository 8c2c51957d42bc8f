"""The demo's service areas grow with the village up to 2,000 members and stay there above (app/demo/scale.py)."""

from __future__ import annotations

from app.demo.scale import FULL_SCALE, service_members, service_volume


def test_up_to_full_scale_every_member_and_above_it_a_full_scale_village() -> None:
    assert FULL_SCALE == 2000
    assert [service_volume(n) for n in (1, 60, 300, 2000, 2001, 10000)] == [1, 60, 300, 2000, 2000, 2000]
    members = [f"m{i}" for i in range(2500)]
    assert service_members(members[:300]) == members[:300]  # the clerk's demo: unchanged
    assert service_members(members) == members[:2000]  # in the order given (the demo's is by id)
