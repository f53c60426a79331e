-- stg_branches: the 47 branches (支部) of 協会けんぽ with their JIS prefecture code.
CREATE VIEW stg_branches AS
SELECT code, branch
FROM branches;
