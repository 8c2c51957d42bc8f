"""The one way sizes are written for the clerk (About's database size, the backup list, USB free space)."""

from app.domain.sizes import human_size


def test_sizes_from_bytes_to_gigabytes() -> None:
    assert human_size(512) == "512 字节"
    assert human_size(300 * 1024) == "300 KB"
    assert human_size(51 * 1024 * 1024 + 300 * 1024) == "51.3 MB"
    assert human_size(15 * (1 << 30) // 2) == "7.5 GB"
