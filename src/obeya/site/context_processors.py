from obeya import __version__


def obeya(request):
    return {"OBEYA_VERSION": __version__}
