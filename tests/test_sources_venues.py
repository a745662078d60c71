"""Venue names by year: NIPS/NeurIPS, proceedings volumes, canonical names from DBLP."""

from __future__ import annotations

import pytest

from imgsynth_refs.models import Venue
from imgsynth_refs.venues import (
    NEURIPS_NAME,
    identify,
    is_satellite,
    neurips_venue,
    neurips_volume,
    normalize_venue,
    venue_label,
)


@pytest.mark.parametrize(
    ("year", "volume"),
    [(1988, 1), (2012, 25), (2014, 27), (2017, 30), (2018, 31), (2020, 33), (2023, 36)],
)
def test_neurips_volume_by_year(year, volume):
    assert neurips_volume(year) == volume


def test_neurips_volume_before_1988_is_an_error():
    with pytest.raises(ValueError, match="1987"):
        neurips_volume(1987)


@pytest.mark.parametrize(
    ("year", "short"),
    [(2012, "NIPS 2012"), (2017, "NIPS 2017"), (2018, "NeurIPS 2018"), (2022, "NeurIPS 2022")],
)
def test_neurips_short_name_follows_the_renaming(year, short):
    assert neurips_venue(year) == Venue(name=NEURIPS_NAME, short=short)


@pytest.mark.parametrize(
    ("name", "year", "full", "short"),
    [
        # DBLP booktitles (as in fixtures/dblp/*.bib, after LaTeX -> Unicode)
        (
            "4th International Conference on Learning Representations, ICLR 2016, "
            "San Juan, Puerto Rico, May 2-4, 2016, Conference Track Proceedings",
            2016,
            "International Conference on Learning Representations",
            "ICLR 2016",
        ),
        (
            "IEEE Conference on Computer Vision and Pattern Recognition, CVPR 2019, "
            "Long Beach, CA, USA, June 16-20, 2019",
            2019,
            "IEEE Conference on Computer Vision and Pattern Recognition",
            "CVPR 2019",
        ),
        (
            "IEEE/CVF Conference on Computer Vision and Pattern Recognition, CVPR 2022, "
            "New Orleans, LA, USA, June 18-24, 2022",
            2022,
            "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
            "CVPR 2022",
        ),
        (
            "Advances in Neural Information Processing Systems 30: Annual Conference on "
            "Neural Information Processing Systems 2017, December 4-9, 2017, Long Beach, CA, USA",
            2017,
            NEURIPS_NAME,
            "NIPS 2017",
        ),
        # DBLP search venues
        ("NIPS", 2019, NEURIPS_NAME, "NeurIPS 2019"),
        ("NeurIPS", 2016, NEURIPS_NAME, "NIPS 2016"),
        (
            "ICLR (Poster)",
            2016,
            "International Conference on Learning Representations",
            "ICLR 2016",
        ),
        ("ICML", 2021, "International Conference on Machine Learning", "ICML 2021"),
        ("ICCV", 2017, "IEEE International Conference on Computer Vision", "ICCV 2017"),
        ("ICCV", 2021, "IEEE/CVF International Conference on Computer Vision", "ICCV 2021"),
        ("ECCV (3)", 2016, "European Conference on Computer Vision", "ECCV 2016"),
        (
            "ACL (1)",
            2018,
            "Annual Meeting of the Association for Computational Linguistics",
            "ACL 2018",
        ),
        (
            "NAACL-HLT (1)",
            2019,
            "Conference of the North American Chapter of the Association for Computational "
            "Linguistics: Human Language Technologies",
            "NAACL 2019",
        ),
        (
            "IEEE Trans. Pattern Anal. Mach. Intell.",
            2021,
            "IEEE Transactions on Pattern Analysis and Machine Intelligence",
            "TPAMI 2021",
        ),
        # The ACL Anthology's own booktitle (fixtures/acl/P18-1238.bib)
        (
            "Proceedings of the 56th Annual Meeting of the Association for Computational "
            "Linguistics (Volume 1: Long Papers)",
            2018,
            "Annual Meeting of the Association for Computational Linguistics",
            "ACL 2018",
        ),
    ],
)
def test_normalize_known_venues(name, year, full, short):
    assert normalize_venue(name, year) == Venue(name=full, short=short)


@pytest.mark.parametrize(
    "name",
    [
        "NeurIPS Workshop on Deep Generative Models",
        "CVPR Workshops",
        "Findings of the Association for Computational Linguistics: ACL 2021",
        "NeurIPS Datasets and Benchmarks",
    ],
)
def test_satellite_venues_are_not_the_main_conference(name):
    assert is_satellite(name)
    assert identify(name) is None
    assert normalize_venue(name, 2021) == Venue(name=name)


def test_unknown_venue_keeps_its_name_without_short_name():
    assert normalize_venue("Journal of  Information Technology", 2022) == Venue(
        name="Journal of Information Technology"
    )


def test_naacl_and_emnlp_are_not_taken_for_acl():
    assert identify("NAACL-HLT").acronym == "NAACL"
    assert identify("EMNLP (1)").acronym == "EMNLP"
    assert identify("ACL").acronym == "ACL"


@pytest.mark.parametrize(("short", "expected"), [(False, NEURIPS_NAME), (True, "NIPS 2014")])
def test_venue_label_full_or_short(short, expected):
    assert venue_label(neurips_venue(2014), short=short) == expected


def test_venue_label_short_falls_back_to_the_name():
    assert venue_label(Venue(name="Some Workshop"), short=True) == "Some Workshop"


@pytest.mark.parametrize(
    "name",
    [
        "International Conference on Machine Learning and Applications, ICMLA 2019",
        "International Conference on Computer Vision Theory and Applications",
        "International Conference on Computer Vision Systems, ICVS 2019",
        "Asian Conference on Computer Vision",
        "ICMLA",
    ],
)
def test_look_alike_venues_are_not_recognised(name):
    assert identify(name) is None


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("2019 IEEE/CVF International Conference on Computer Vision (ICCV)", "ICCV"),
        ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"),
        ("Proceedings of the 38th International Conference on Machine Learning, ICML 2021", "ICML"),
        ("The Thirty-Third AAAI Conference on Artificial Intelligence, AAAI 2019", "AAAI"),
        ("Computer Vision - ECCV 2016 - 14th European Conference, Amsterdam", "ECCV"),
    ],
)
def test_long_names_are_recognised(name, acronym):
    assert identify(name).acronym == acronym
