(ns ringworld.checker
  "Linearizability verdicts for Jepsen histories.

  (check history)            ; SharedLog, fast O(n log n) checker
  (check history {:model :register}) ; Wing-Gong-Lowe search, also :kv and :log with :algorithm :wgl

  A history is a vector (or any seq) of Jepsen op maps: :type :f :value :process :time, optionally
  :index and :error. Returns a Jepsen-style verdict map: {:valid? true|false|:unknown, :checker ..,
  :reason \"one line\", :offending [ops], :window {:from i :to j :ops [..]}, :stats {..}}.
  Bad input throws ex-info {:type :ringworld/bad-input, :problems [{:line n :field \":type\" ..}]}."
  (:import (io.ringworld.checker.history HistoryReader HistoryFormatException)
           (io.ringworld.checker.log LogChecker)
           (io.ringworld.checker.report VerdictMaps Timeline)
           (io.ringworld.checker.wgl WglChecker Models Budget)))

(def default-opts
  {:model :log, :algorithm :fast, :budget-ms 10000, :budget-states 20000000})

(defn- ->history [history]
  (try
    (HistoryReader/fromMaps history)
    (catch HistoryFormatException e
      (throw (ex-info (str "bad input: " (.getMessage e))
                      {:type :ringworld/bad-input
                       :problems (mapv (fn [p] {:line (.line p) :field (.field p) :message (.message p)})
                                       (.problems e))}
                      e)))))

(defn- verdict [h {:keys [model algorithm budget-ms budget-states]}]
  (try
    (if (and (= :log model) (= :fast algorithm))
      (LogChecker/check h)
      (WglChecker/check h (Models/byName (name model)) (Budget. (long budget-ms) (long budget-states))))
    (catch HistoryFormatException e
      (throw (ex-info (str "bad input: " (.getMessage e)) {:type :ringworld/bad-input} e)))))

(defn check
  "Checks a Jepsen history (a vector of op maps); returns the verdict map.
  opts: :model (:log :register :kv), :algorithm (:fast or :wgl; :fast only for :log),
  :budget-ms and :budget-states (WGL gives :valid? :unknown when they run out)."
  ([history] (check history {}))
  ([history opts]
   (let [opts (merge default-opts opts)
         h    (->history history)]
     (VerdictMaps/toMap (verdict h opts) h))))

(defn timeline-html
  "An HTML page with the verdict and an SVG timeline of its window."
  ([history] (timeline-html history {}))
  ([history opts]
   (let [opts (merge default-opts opts)
         h    (->history history)]
     (Timeline/html h (verdict h opts)))))

(defn checker
  "A function (fn [test history opts] verdict-map) for use inside a Jepsen checker:
    (reify jepsen.checker/Checker
      (check [_ test history opts] ((ringworld.checker/checker) test history opts)))
  opts as for `check`."
  ([] (checker {}))
  ([opts]
   (fn [_test history _checker-opts]
     (check history opts))))
