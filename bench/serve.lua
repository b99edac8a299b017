-- wrk script of bench/serve.py: POST /v1/classify with the request bodies
-- of a file (one JSON body a line, given after --), each connection's
-- thread taking them in turn from a random start.
--   wrk -s bench/serve.lua URL -- BODIES
local bodies, n, i = {}, 0, 0

function init(args)
    for line in io.lines(args[1]) do
        n = n + 1
        bodies[n] = line
    end
    i = math.random(n) - 1
end

function request()
    i = i % n + 1
    return wrk.format("POST", "/v1/classify", {["Content-Type"] = "application/json"}, bodies[i])
end
