"""Identifier detection, normalisation and canonical URLs, driven by one table of real forms.

Forms come from the article (../shared/article-links.md), the recorded fixtures
(/work/shared/fixtures: dblp, NeurIPS, ACL, Crossref, arXiv API), idutils' identifier test
table (DOI and arXiv forms), the arXiv identifier spec, and links as written in public
READMEs, paper lists and reference sections (NeurIPS, ACL, PMLR, CVF, OpenReview forms).
"""

from __future__ import annotations

import pytest

from imgsynth_refs.identifiers import (
    KINDS,
    Identifier,
    Invalid,
    canonical_url,
    classify,
    detect,
    is_valid,
    parse,
)

A = "https://arxiv.org/abs/"
NIPS = "https://proceedings.neurips.cc/paper_files/paper/"
ACL = "https://aclanthology.org/"
DOI = "https://doi.org/"
PMLR = "https://proceedings.mlr.press/"
CVF = "https://openaccess.thecvf.com/"

H2012 = "c399862d3b9d6b76c8436e924a68c45b"  # AlexNet (article)
H2014 = "5ca3e9b122f61f8f06494c97b1afccf3"  # GAN (article)
H2017 = "3f5ee243547dee91fbd053c1c4a845aa"  # Attention is all you need (fixture)
H2020 = "4c5bcfec8584af0d967f1ab10179ca4b"  # DDPM
H2022 = "ec795aeadae0b7d230fa35cbaf04c041"  # Imagen
TWIBOT = "9c9dfe6d38d1d5c3ecb162c81a3fbbf2"  # NeurIPS 2022 Datasets and Benchmarks
MTBENCH = "91f18a1287b398d378ef22505bf41832"  # NeurIPS 2023 Datasets and Benchmarks
DB2021 = "98f13708210194c475687be6106a3b84"  # datasets-benchmarks-proceedings, round 1
MATH = "be83ab3ecd0db773eb2dc1b0a17836a1"  # datasets-benchmarks-proceedings, round 2

LDM = "Rombach_High-Resolution_Image_Synthesis_With_Latent_Diffusion_Models_CVPR_2022"
STYLEGAN = "Karras_A_Style-Based_Generator_Architecture_for_Generative_Adversarial_Networks"
SICI = "10.1002/(SICI)1521-3978(199806)46:4/5<493::AID-PROP493>3.0.CO;2-P"


def arxiv(ident: str, version: int | None = None) -> tuple[Identifier, str]:
    return Identifier("arxiv", ident, version), f"{A}{ident}" + (f"v{version}" if version else "")


def neurips(year: int, digest: str) -> tuple[Identifier, str]:
    page = "Abstract-Conference" if year >= 2022 else "Abstract"
    return Identifier("neurips", f"{year}/{digest}"), f"{NIPS}{year}/hash/{digest}-{page}.html"


def acl(ident: str) -> tuple[Identifier, str]:
    return Identifier("acl", ident), f"{ACL}{ident}/"


def doi(ident: str, url: str | None = None) -> tuple[Identifier, str]:
    return Identifier("doi", ident), url or f"{DOI}{ident}"


def openreview(ident: str) -> tuple[Identifier, str]:
    return Identifier("openreview", ident), f"https://openreview.net/forum?id={ident}"


def pmlr(ident: str) -> tuple[Identifier, str]:
    return Identifier("pmlr", ident), f"{PMLR}{ident}.html"


def cvf(ident: str) -> tuple[Identifier, str]:
    return Identifier("cvf", ident), f"{CVF}{ident}_paper.html"


def url(normalised: str) -> tuple[Identifier, str]:
    return Identifier("url", normalised), normalised


# (text as written, (expected identifier, expected canonical URL))
VALID: list[tuple[str, tuple[Identifier, str]]] = [
    # --- arXiv: the article's links and other ways to write them
    ("https://arxiv.org/pdf/1511.06434.pdf", arxiv("1511.06434")),
    ("http://arxiv.org/abs/1511.06434", arxiv("1511.06434")),  # dblp fixture
    ("https://arxiv.org/abs/1511.06434", arxiv("1511.06434")),
    ("https://arxiv.org/abs/1511.06434v2", arxiv("1511.06434", 2)),
    ("https://arxiv.org/pdf/1511.06434v2.pdf", arxiv("1511.06434", 2)),
    ("https://arxiv.org/pdf/1511.06434v1", arxiv("1511.06434", 1)),
    ("https://arxiv.org/pdf/1511.06434", arxiv("1511.06434")),
    ("https://arxiv.org/abs/1511.06434/", arxiv("1511.06434")),
    ("https://export.arxiv.org/abs/1511.06434", arxiv("1511.06434")),
    ("http://export.arxiv.org/pdf/1511.06434", arxiv("1511.06434")),
    ("https://www.arxiv.org/abs/1511.06434", arxiv("1511.06434")),
    ("arxiv.org/abs/1511.06434", arxiv("1511.06434")),
    ("arxiv.org/pdf/1511.06434.pdf", arxiv("1511.06434")),
    ("HTTPS://ARXIV.ORG/abs/1511.06434", arxiv("1511.06434")),
    ("https://arxiv.org/abs/1511.06434?context=cs", arxiv("1511.06434")),
    ("<https://arxiv.org/abs/1511.06434>", arxiv("1511.06434")),
    ("<https://arxiv.org/abs/1511.06434>.", arxiv("1511.06434")),
    ("https://arxiv.org/abs/1511.06434.", arxiv("1511.06434")),
    ("arXiv:1511.06434", arxiv("1511.06434")),
    ("arXiv:1511.06434v2", arxiv("1511.06434", 2)),
    ("arxiv:1511.06434", arxiv("1511.06434")),
    ("ARXIV:1511.06434", arxiv("1511.06434")),
    ("arXiv: 1511.06434", arxiv("1511.06434")),
    ("arXiv 1511.06434", arxiv("1511.06434")),
    ("arXiv\uff1a1511.06434", arxiv("1511.06434")),
    ("1511.06434", arxiv("1511.06434")),
    ("1511.06434v2", arxiv("1511.06434", 2)),
    ("https://doi.org/10.48550/arXiv.1511.06434", arxiv("1511.06434")),
    ("10.48550/arXiv.1511.06434", arxiv("1511.06434")),
    ("doi:10.48550/arXiv.1511.06434", arxiv("1511.06434")),
    ("https://doi.org/10.48550/ARXIV.1511.06434", arxiv("1511.06434")),
    ("https://arxiv.org/pdf/1706.03762.pdf", arxiv("1706.03762")),
    ("https://arxiv.org/abs/1706.03762v7", arxiv("1706.03762", 7)),
    ("https://arxiv.org/html/1706.03762v7", arxiv("1706.03762", 7)),
    ("https://ar5iv.labs.arxiv.org/html/1706.03762", arxiv("1706.03762")),
    ("https://ar5iv.org/abs/1706.03762", arxiv("1706.03762")),
    ("https://arxiv.org/pdf/1812.04948.pdf", arxiv("1812.04948")),
    ("https://arxiv.org/pdf/2012.09841.pdf", arxiv("2012.09841")),
    ("https://arxiv.org/pdf/2103.00020.pdf", arxiv("2103.00020")),
    ("https://arxiv.org/pdf/2102.12092.pdf", arxiv("2102.12092")),
    ("https://arxiv.org/abs/2105.05233", arxiv("2105.05233")),
    ("https://arxiv.org/pdf/2204.06125.pdf", arxiv("2204.06125")),
    ("https://arxiv.org/pdf/2205.11487.pdf", arxiv("2205.11487")),
    ("https://arxiv.org/pdf/2206.10789.pdf", arxiv("2206.10789")),
    ("https://arxiv.org/pdf/2208.12242.pdf", arxiv("2208.12242")),
    ("https://arxiv.org/html/2006.11239v2", arxiv("2006.11239", 2)),
    ("arXiv:1812.08775", arxiv("1812.08775")),
    # idutils' arXiv forms
    ("arXiv:1310.2590", arxiv("1310.2590")),
    ("arxiv:1310.2590", arxiv("1310.2590")),
    ("1310.2590", arxiv("1310.2590")),
    ("math.GT/0309136", arxiv("math/0309136")),
    ("hep-th/9901001v27", arxiv("hep-th/9901001", 27)),
    ("arxiv:math.GT/0309136v2", arxiv("math/0309136", 2)),
    ("arXiv:hep-th/9901001v27", arxiv("hep-th/9901001", 27)),
    ("9912.12345v2", arxiv("9912.12345", 2)),
    ("arXiv:hep-th/1601.07616", arxiv("1601.07616")),
    ("hep-th/1601.07616", arxiv("1601.07616")),
    # the arXiv API fixtures and the identifier spec
    ("astro-ph/0601001", arxiv("astro-ph/0601001")),
    ("quant-ph/0201082v1", arxiv("quant-ph/0201082", 1)),
    ("1605.08386", arxiv("1605.08386")),
    ("2104.12255v1", arxiv("2104.12255", 1)),
    ("1707.08567", arxiv("1707.08567")),
    ("0704.0001", arxiv("0704.0001")),
    ("arXiv:1501.00001", arxiv("1501.00001")),
    ("arXiv:1412.9999", arxiv("1412.9999")),
    ("quant-ph/9508027", arxiv("quant-ph/9508027")),
    ("https://arxiv.org/abs/cond-mat/0106096", arxiv("cond-mat/0106096")),
    ("https://arxiv.org/abs/math.GT/0309136", arxiv("math/0309136")),
    ("https://arxiv.org/pdf/hep-th/9901001v2.pdf", arxiv("hep-th/9901001", 2)),
    ("https://doi.org/10.48550/arXiv.hep-th/9901001", arxiv("hep-th/9901001")),
    # --- NeurIPS: every proceedings URL form
    (f"https://proceedings.neurips.cc/paper/2012/file/{H2012}-Paper.pdf", neurips(2012, H2012)),
    (f"https://proceedings.neurips.cc/paper/2014/file/{H2014}-Paper.pdf", neurips(2014, H2014)),
    (f"https://proceedings.neurips.cc/paper/2014/hash/{H2014}-Abstract.html", neurips(2014, H2014)),
    (f"{NIPS}2014/hash/{H2014}-Abstract.html", neurips(2014, H2014)),
    (f"{NIPS}2014/file/{H2014}-Paper.pdf", neurips(2014, H2014)),
    (f"https://papers.nips.cc/paper/2014/hash/{H2014}-Abstract.html", neurips(2014, H2014)),
    (f"http://papers.nips.cc/paper/2014/file/{H2014}-Paper.pdf", neurips(2014, H2014)),
    (f"https://proceedings.neurips.cc/paper/2014/file/{H2014}-Bibtex.bib", neurips(2014, H2014)),
    (f"{NIPS}2014/file/{H2014}-Metadata.json", neurips(2014, H2014)),
    (f"{NIPS}2014/file/{H2014}-Reviews.html", neurips(2014, H2014)),
    (f"{NIPS}2014/file/{H2014}-Supplemental.zip", neurips(2014, H2014)),
    (f"{NIPS}2017/file/{H2017}-Paper.pdf", neurips(2017, H2017)),
    (f"https://proceedings.neurips.cc/paper/2017/hash/{H2017}-Abstract.html", neurips(2017, H2017)),
    (f"{NIPS}2017/hash/{H2017.upper()}-Abstract.html", neurips(2017, H2017)),
    (f"https://proceedings.neurips.cc/paper/2020/file/{H2020}-Paper.pdf", neurips(2020, H2020)),
    (f"https://proceedings.neurips.cc//paper/2020/file/{H2020}-Paper.pdf", neurips(2020, H2020)),
    (f"https://proceedings.neurips.cc/paper/2020/hash/{H2020}-Abstract.html", neurips(2020, H2020)),
    (f"{NIPS}2022/file/{H2022}-Paper-Conference.pdf", neurips(2022, H2022)),
    (
        f"https://papers.nips.cc/paper_files/paper/2022/file/{H2022}-Paper-Conference.pdf",
        neurips(2022, H2022),
    ),
    (
        f"https://papers.neurips.cc/paper_files/paper/2022/file/{H2022}-Paper-Conference.pdf",
        neurips(2022, H2022),
    ),
    (f"{NIPS}2022/hash/{H2022}-Abstract-Conference.html", neurips(2022, H2022)),
    (f"{NIPS}2022/file/{H2022}-Supplemental-Conference.pdf", neurips(2022, H2022)),
    (f"{NIPS}2022/hash/{TWIBOT}-Abstract-Datasets_and_Benchmarks.html", neurips(2022, TWIBOT)),
    (
        f"http://papers.nips.cc/paper_files/paper/2023/hash/{MTBENCH}-Abstract-Datasets_and_Benchmarks.html",
        neurips(2023, MTBENCH),
    ),
    (
        f"https://datasets-benchmarks-proceedings.neurips.cc/paper/2021/file/{DB2021}-Paper-round1.pdf",
        neurips(2021, DB2021),
    ),
    (
        f"https://datasets-benchmarks-proceedings.neurips.cc/paper_files/paper/2021/hash/{MATH}-Abstract-round2.html",
        neurips(2021, MATH),
    ),
    (f"2014/{H2014}", neurips(2014, H2014)),
    # --- ACL Anthology: old and new ids, current and legacy URLs
    ("https://aclanthology.org/P18-1238.pdf", acl("P18-1238")),
    ("https://aclanthology.org/P18-1238", acl("P18-1238")),  # ACL fixture url field
    ("https://aclanthology.org/P18-1238/", acl("P18-1238")),
    ("https://aclanthology.org/P18-1238.bib", acl("P18-1238")),
    ("http://www.aclweb.org/anthology/P18-1238", acl("P18-1238")),
    ("https://www.aclweb.org/anthology/P18-1238.pdf", acl("P18-1238")),
    ("http://aclweb.org/anthology/P/P18/P18-1238.pdf", acl("P18-1238")),
    ("https://aclanthology.org/p18-1238.pdf", acl("P18-1238")),
    ("P18-1238", acl("P18-1238")),
    ("http://www.aclweb.org/anthology/S17-2100", acl("S17-2100")),
    ("https://aclweb.org/anthology/P/P13/P13-1021.pdf", acl("P13-1021")),
    ("https://aclweb.org/anthology/P/P16/P16-1195.pdf", acl("P16-1195")),
    ("http://www.aclweb.org/anthology/P/P15/P15-4022.pdf", acl("P15-4022")),
    ("http://www.aclweb.org/anthology/P/P17/P17-1052.pdf", acl("P17-1052")),
    ("http://www.aclweb.org/anthology/P/P10/P10-4002.pdf", acl("P10-4002")),
    ("http://aclweb.org/anthology/P/P14/P14-2125.pdf", acl("P14-2125")),
    ("https://aclanthology.org/N19-1423/", acl("N19-1423")),
    ("https://www.aclweb.org/anthology/N19-1423", acl("N19-1423")),
    ("https://aclanthology.org/N19-1423v2.pdf", acl("N19-1423")),
    ("https://aclanthology.org/2020.emnlp-demos.6/", acl("2020.emnlp-demos.6")),
    ("https://aclanthology.org/2020.emnlp-demos.6.pdf", acl("2020.emnlp-demos.6")),
    ("https://www.aclweb.org/anthology/2020.acl-main.463.pdf", acl("2020.acl-main.463")),
    ("https://aclanthology.org/2020.acl-main.463", acl("2020.acl-main.463")),
    ("2020.acl-main.1", acl("2020.acl-main.1")),
    ("https://aclanthology.org/2021.findings-acl.1.pdf", acl("2021.findings-acl.1")),
    ("https://aclanthology.org/2022.acl-long.1/", acl("2022.acl-long.1")),
    # --- DOI: idutils' forms, the fixtures' DOIs, prose punctuation, percent-encoding
    ("10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("doi:10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("doi: 10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("DOI:10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("http://dx.doi.org/10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("https://doi.org/10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("doi.org/10.1016/j.epsl.2011.11.037", doi("10.1016/j.epsl.2011.11.037")),
    ("10.1000/123456", doi("10.1000/123456")),
    ("10.1038/issn.1476-4687", doi("10.1038/issn.1476-4687")),
    ("10.1000.10/123456", doi("10.1000.10/123456")),
    (SICI, doi(SICI.lower(), DOI + SICI.lower().replace("<", "%3C").replace(">", "%3E"))),
    (
        "10.1016/\u00fc\u043d\u0438\u043a\u00f3\u03b4\u00e9",
        doi(
            "10.1016/\u00fc\u043d\u0438\u043a\u00f3\u03b4\u00e9",
            DOI + "10.1016/%C3%BC%D0%BD%D0%B8%D0%BA%C3%B3%CE%B4%C3%A9",
        ),
    ),
    ("https://doi.org/10.1109/CVPR52688.2022.01042", doi("10.1109/cvpr52688.2022.01042")),
    ("10.1109/CVPR.2019.00453", doi("10.1109/cvpr.2019.00453")),
    ("https://doi.org/10.1007/11880561_13", doi("10.1007/11880561_13")),
    ("https://doi.org/10.1007%2F11880561_13", doi("10.1007/11880561_13")),
    ("10.18653/v1/P18-1238", doi("10.18653/v1/p18-1238")),
    ("10.1177/02683962211048201", doi("10.1177/02683962211048201")),
    ("10.1093/mind/lix.236.433", doi("10.1093/mind/lix.236.433")),
    ("https://doi.org/10.1145/3065386", doi("10.1145/3065386")),
    ("doi:10.1145/3065386.", doi("10.1145/3065386")),
    ("https://dx.doi.org/10.1038/nature14539", doi("10.1038/nature14539")),
    ("http://doi.org/10.1038/NATURE14539", doi("10.1038/nature14539")),
    ("https://www.doi.org/10.1038/nature14539", doi("10.1038/nature14539")),
    ("info:doi/10.1038/nature14539", doi("10.1038/nature14539")),
    ("urn:doi:10.1038/nature14539", doi("10.1038/nature14539")),
    ("DOI 10.1038/nature14539", doi("10.1038/nature14539")),
    ("http://hdl.handle.net/10.1038/nature14539", doi("10.1038/nature14539")),
    ("https://doi.org/10.1162/neco.1997.9.8.1735", doi("10.1162/neco.1997.9.8.1735")),
    ("10.1126/science.1127647", doi("10.1126/science.1127647")),
    # --- OpenReview
    ("https://openreview.net/forum?id=eV5YIrJPdy", openreview("eV5YIrJPdy")),
    ("https://openreview.net/pdf?id=eV5YIrJPdy", openreview("eV5YIrJPdy")),
    ("https://openreview.net/forum?id=B1xsqj09Fm", openreview("B1xsqj09Fm")),
    ("https://openreview.net/forum?id=Hk99zCeAb", openreview("Hk99zCeAb")),
    ("https://openreview.net/forum?id=YicbFdNTTy&noteId=abcdef12345", openreview("YicbFdNTTy")),
    ("http://openreview.net/pdf?id=PxTIG12RRHS", openreview("PxTIG12RRHS")),
    (
        "https://openreview.net/attachment?id=PxTIG12RRHS&name=supplementary_material",
        openreview("PxTIG12RRHS"),
    ),
    # --- PMLR (and JMLR W&CP before it)
    ("http://jmlr.org/proceedings/papers/v37/schaul15.html", pmlr("v37/schaul15")),
    ("http://jmlr.org/proceedings/papers/v37/jozefowicz15.pdf", pmlr("v37/jozefowicz15")),
    ("http://jmlr.org/proceedings/papers/v9/glorot10a/glorot10a.pdf", pmlr("v9/glorot10a")),
    ("http://www.jmlr.org/proceedings/papers/v48/arjovsky16.pdf", pmlr("v48/arjovsky16")),
    ("http://jmlr.org/proceedings/papers/v31/gu13b.html", pmlr("v31/gu13b")),
    ("http://jmlr.org/proceedings/papers/v37/kusnerb15.pdf", pmlr("v37/kusnerb15")),
    ("https://proceedings.mlr.press/v139/radford21a.html", pmlr("v139/radford21a")),
    ("https://proceedings.mlr.press/v139/radford21a/radford21a.pdf", pmlr("v139/radford21a")),
    ("http://proceedings.mlr.press/v139/ramesh21a.html", pmlr("v139/ramesh21a")),
    ("https://proceedings.mlr.press/v162/nichol22a/nichol22a.pdf", pmlr("v162/nichol22a")),
    ("http://proceedings.mlr.press/v37/ioffe15.pdf", pmlr("v37/ioffe15")),
    ("http://proceedings.mlr.press/v37/ioffe15-supp.pdf", pmlr("v37/ioffe15")),
    ("https://proceedings.mlr.press/v37/sohl-dickstein15.html", pmlr("v37/sohl-dickstein15")),
    ("https://proceedings.mlr.press/v70/arjovsky17a.html", pmlr("v70/arjovsky17a")),
    ("v139/radford21a", pmlr("v139/radford21a")),
    # --- CVF open access
    (
        f"http://openaccess.thecvf.com/content_CVPR_2019/html/{STYLEGAN}_CVPR_2019_paper.html",
        cvf(f"content_CVPR_2019/html/{STYLEGAN}_CVPR_2019"),
    ),
    (
        f"https://openaccess.thecvf.com/content_CVPR_2019/papers/{STYLEGAN}_CVPR_2019_paper.pdf",
        cvf(f"content_CVPR_2019/html/{STYLEGAN}_CVPR_2019"),
    ),
    (f"{CVF}content/CVPR2022/html/{LDM}_paper.html", cvf(f"content/CVPR2022/html/{LDM}")),
    (f"{CVF}content/CVPR2022/papers/{LDM}_paper.pdf", cvf(f"content/CVPR2022/html/{LDM}")),
    (
        f"{CVF}content/CVPR2022/supplemental/{LDM}_supplemental.pdf",
        cvf(f"content/CVPR2022/html/{LDM}"),
    ),
    (
        f"{CVF}content_cvpr_2018_workshops/w21/html/Berg_Generating_Visible_Spectrum_CVPR_2018_paper.html",
        cvf("content_cvpr_2018_workshops/w21/html/Berg_Generating_Visible_Spectrum_CVPR_2018"),
    ),
    (
        f"{CVF}content_ICCVW_2019/papers/VISDrone/Du_VisDrone-DET2019_The_Vision_Meets_Drone_Object_Detection_in_Image_Challenge_ICCVW_2019_paper.pdf",
        cvf(
            "content_ICCVW_2019/html/VISDrone/Du_VisDrone-DET2019_The_Vision_Meets_Drone_Object_Detection_in_Image_Challenge_ICCVW_2019"
        ),
    ),
    (
        f"{CVF}content_cvpr_2016/papers/Andreas_Neural_Module_Networks_CVPR_2016_paper.pdf",
        cvf("content_cvpr_2016/html/Andreas_Neural_Module_Networks_CVPR_2016"),
    ),
    (
        f"{CVF}content_ECCV_2018/papers/Yin_Li_In_the_Eye_ECCV_2018_paper.pdf",
        cvf("content_ECCV_2018/html/Yin_Li_In_the_Eye_ECCV_2018"),
    ),
    (
        f"{CVF}content_cvpr_2015/papers/Rozantsev_Flying_Objects_Detection_2015_CVPR_paper.pdf",
        cvf("content_cvpr_2015/html/Rozantsev_Flying_Objects_Detection_2015_CVPR"),
    ),
    (
        f"{CVF}content/CVPR2023W/WMF/html/Sun_AI-Synthesized_Voice_Detection_Using_Neural_Vocoder_Artifacts_CVPRW_2023_paper.html",
        cvf(
            "content/CVPR2023W/WMF/html/Sun_AI-Synthesized_Voice_Detection_Using_Neural_Vocoder_Artifacts_CVPRW_2023"
        ),
    ),
    (
        f"{CVF}content/CVPR2023W/GCV/papers/Zhou_Vision__Language_Applications_A_Survey_CVPRW_2023_paper.pdf",
        cvf("content/CVPR2023W/GCV/html/Zhou_Vision__Language_Applications_A_Survey_CVPRW_2023"),
    ),
    (
        f"{CVF}content_ICCV_2017/papers/Zhu_Unpaired_Image-To-Image_Translation_ICCV_2017_paper.pdf",
        cvf("content_ICCV_2017/html/Zhu_Unpaired_Image-To-Image_Translation_ICCV_2017"),
    ),
    (
        f"{CVF}content_cvpr_2017/html/Isola_Image-To-Image_Translation_With_CVPR_2017_paper.html",
        cvf("content_cvpr_2017/html/Isola_Image-To-Image_Translation_With_CVPR_2017"),
    ),
    # --- other links: normalised (scheme and host case, default port, tracking, punctuation)
    ("http://projects.dfki.uni-kl.de/yfcc100m/", url("http://projects.dfki.uni-kl.de/yfcc100m/")),
    (
        "https://huggingface.co/spaces/dalle-mini/dalle-mini",
        url("https://huggingface.co/spaces/dalle-mini/dalle-mini"),
    ),
    (
        "https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis",
        url("https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis"),
    ),
    (
        "HTTPS://GitHub.com/CompVis/stable-diffusion",
        url("https://github.com/CompVis/stable-diffusion"),
    ),
    (
        "https://github.com/CompVis/stable-diffusion?utm_source=twitter&utm_medium=social",
        url("https://github.com/CompVis/stable-diffusion"),
    ),
    ("https://openai.com/blog/dall-e/?fbclid=IwAR0abc", url("https://openai.com/blog/dall-e/")),
    (
        "https://example.org/paper?id=7&utm_campaign=x&gclid=1",
        url("https://example.org/paper?id=7"),
    ),
    ("https://thispersondoesnotexist.com", url("https://thispersondoesnotexist.com/")),
    ("https://thispersondoesnotexist.com/.", url("https://thispersondoesnotexist.com/")),
    ("http://example.com:80/x", url("http://example.com/x")),
    ("https://example.com:443/x", url("https://example.com/x")),
    ("https://example.com:8443/x", url("https://example.com:8443/x")),
    ("www.example.com", url("https://www.example.com/")),
    (
        "https://ai.googleblog.com/2015/06/inceptionism-going-deeper-into-neural.html",
        url("https://ai.googleblog.com/2015/06/inceptionism-going-deeper-into-neural.html"),
    ),
    (
        "https://en.wikipedia.org/wiki/Generative_adversarial_network#History",
        url("https://en.wikipedia.org/wiki/Generative_adversarial_network#History"),
    ),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", url("https://en.wikipedia.org/wiki/Foo_(bar)")),
    ("https://example.com/page#:~:text=image%20synthesis", url("https://example.com/page")),
    (
        "http://papers.nips.cc/paper/5423-generative-adversarial-nets.pdf",
        url("http://papers.nips.cc/paper/5423-generative-adversarial-nets.pdf"),
    ),
    ("https://nips.cc/virtual/2022/poster/54590", url("https://nips.cc/virtual/2022/poster/54590")),
    (
        "https://dblp.org/rec/conf/cvpr/RombachBLEO22.bib",
        url("https://dblp.org/rec/conf/cvpr/RombachBLEO22.bib"),
    ),
    ("https://arxiv.org/list/cs.CV/recent", url("https://arxiv.org/list/cs.CV/recent")),
    ("https://aclanthology.org/events/acl-2018/", url("https://aclanthology.org/events/acl-2018/")),
    (
        "http://www.aclweb.org/anthology/P/P12/P12-2.pdf#page=118",
        url("http://www.aclweb.org/anthology/P/P12/P12-2.pdf#page=118"),
    ),
    (
        "https://openreview.net/group?id=ICLR.cc/2021/Conference",
        url("https://openreview.net/group?id=ICLR.cc/2021/Conference"),
    ),
    ("https://proceedings.mlr.press/v139/", url("https://proceedings.mlr.press/v139/")),
    ("https://openaccess.thecvf.com/CVPR2022", url("https://openaccess.thecvf.com/CVPR2022")),
    ("https://proceedings.neurips.cc/paper/2014", url("https://proceedings.neurips.cc/paper/2014")),
]

# (look-alike, kind it imitates, a word of the reason)
INVALID: list[tuple[str, str, str]] = [
    ("arXiv:1513.00001", "arxiv", "month 13"),
    ("https://arxiv.org/abs/1513.00001", "arxiv", "month 13"),
    ("1300.00001", "arxiv", "month 00"),
    ("0000.0000", "arxiv", "month 00"),  # arXiv API fixture: answers with no entry
    ("arXiv:0703.0001", "arxiv", "April 2007"),
    ("arXiv:1501.0001", "arxiv", "5 digits"),
    ("arXiv:1412.00001", "arxiv", "4 digits"),
    ("0808.05394", "arxiv", "4 digits"),  # arXiv API fixture: well-formed, nonexistent
    ("arXiv:1511.00000", "arxiv", "number 0"),
    ("arXiv:1511.06434v0", "arxiv", "v1"),
    ("hep-th/0801001", "arxiv", "0703"),
    ("math/9913001", "arxiv", "month 13"),
    ("foo-bar/9901001", "arxiv", "not an arXiv archive"),
    ("https://arxiv.org/abs/abc", "arxiv", "not an arXiv id"),  # arXiv API fixture: HTTP 400
    ("https://arxiv.org/pdf/1511.0643.pdf", "arxiv", "5 digits"),
    ("arXiv:abc/1234567", "arxiv", "not an arXiv archive"),
    ("https://doi.org/10.48550/arXiv.1513.00001", "arxiv", "arXiv DOI"),
    (f"https://proceedings.neurips.cc/paper/2014/file/{H2014[:-1]}-Paper.pdf", "neurips", "32-hex"),
    (f"{NIPS}2014/hash/{H2014}.html", "neurips", "32-hex"),
    (f"{NIPS}1985/hash/{H2014}-Abstract.html", "neurips", "1985"),
    ("10.1000/", "doi", "suffix"),
    ("10.10O0/123456", "doi", "registrant"),
    ("10.1.NOTGOOD.0/123456", "doi", "registrant"),
    ("10.12/abc", "doi", "registrant"),
    ("doi:10.12/abc", "doi", "registrant"),
    ("doi:abc", "doi", "not a DOI"),
    ("https://doi.org/abc", "doi", "not a DOI"),
    ("https://openreview.net/forum", "openreview", "id="),
    ("https://openreview.net/forum?id=", "openreview", "id="),
    ("https://openreview.net/pdf?id=a%20b", "openreview", "not an OpenReview id"),
]

NOT_IDENTIFIERS = [
    "",
    "   ",
    "hello world",
    "ImageNet",
    "10.5 mg",
    "1.2345",
    "P18",
    "https://",
    "https://intranet",
    "mailto:someone@example.org",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "arXiv",
    "doi",
    "arXiv preprint",
    "arXiv: the e-print archive",
    "\u0661\u0665\u0661\u0661.\u0660\u0666\u0664\u0663\u0664",  # Arabic-Indic digits
    "\uff48ttps://arxiv.org/abs/1511.06434",  # full-width h: not a scheme
]


def test_table_is_large_and_covers_every_kind():
    assert len(VALID) + len(INVALID) > 150
    assert {ident.kind for _text, (ident, _url) in VALID} == set(KINDS)


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[t[:60] for t, _ in VALID])
def test_parse_valid_form(text, expected):
    ident, canonical = expected
    assert parse(text) == ident
    assert ident.url == canonical == canonical_url(ident)
    assert detect(text) == ident.kind
    assert is_valid(text)
    assert is_valid(text, ident.kind)
    assert not is_valid(text, "no-such-kind")


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[t[:60] for t, _ in VALID])
def test_canonical_url_round_trip(text, expected):
    ident, _url = expected
    assert parse(ident.url) == ident
    assert parse(parse(ident.url).url) == ident


@pytest.mark.parametrize(("text", "kind", "reason"), INVALID, ids=[t[:60] for t, _, _ in INVALID])
def test_invalid_look_alike(text, kind, reason):
    found = classify(text)
    assert isinstance(found, Invalid)
    assert found.kind == kind
    assert reason in found.reason
    assert found.text == text
    assert parse(text) is None
    assert detect(text) is None
    assert not is_valid(text)


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_not_an_identifier(text):
    assert classify(text) is None
    assert parse(text) is None


BARE_FORMS = [
    (ident, ident.id + (f"v{ident.version}" if ident.version else ""))
    for _text, (ident, _url) in VALID
    if ident.kind in ("arxiv", "doi", "acl", "neurips", "pmlr")
]


@pytest.mark.parametrize(("ident", "bare"), BARE_FORMS, ids=[b[:60] for _, b in BARE_FORMS])
def test_normalised_id_parses_to_itself(ident, bare):
    """The normalised id (with its version) is itself a supported form: idempotence."""
    assert parse(bare) == ident


def test_identifier_is_frozen_slotted_value():
    ident = Identifier("arxiv", "1511.06434", 2)
    assert ident == Identifier("arxiv", "1511.06434", 2)
    assert hash(ident) == hash(Identifier("arxiv", "1511.06434", 2))
    assert not hasattr(ident, "__dict__")
    with pytest.raises(AttributeError):
        ident.id = "x"  # type: ignore[misc]


def test_versions_are_kept_apart_from_the_id():
    v1, v2, plain = parse("arXiv:1511.06434v1"), parse("arXiv:1511.06434v2"), parse("1511.06434")
    assert v1.id == v2.id == plain.id == "1511.06434"
    assert (v1.version, v2.version, plain.version) == (1, 2, None)
    assert v1 != v2


def test_neurips_main_track_page_changes_name_in_2022():
    assert parse(f"2021/{H2014}").url.endswith("-Abstract.html")
    assert parse(f"2022/{H2014}").url.endswith("-Abstract-Conference.html")


def test_doi_url_escapes_what_a_url_cannot_hold():
    ident = Identifier("doi", "10.1234/a#b?c%d")
    assert ident.url == "https://doi.org/10.1234/a%23b%3Fc%25d"
    assert parse(ident.url) == ident
