"""kenpo: an analytics dashboard of 協会けんぽ and 日本健康会議 figures."""
