(ns ringworld.checker-test
  (:require [clojure.test :refer [deftest is testing]]
            [clojure.edn :as edn]
            [ringworld.checker :as rw]))

(def trim-violation
  [{:type :invoke, :f :append, :value {:payload "a7"}, :process 1, :time 1}
   {:type :ok, :f :append, :value {:payload "a7", :position 7}, :process 1, :time 2}
   {:type :invoke, :f :trim, :value {:position 9}, :process 3, :time 3}
   {:type :ok, :f :trim, :value {:position 9}, :process 3, :time 4}
   {:type :invoke, :f :read, :value {:position 7}, :process 2, :time 5}
   {:type :ok, :f :read, :value {:position 7, :payload "a7"}, :process 2, :time 6}])

(deftest a-linearizable-log-history-is-valid
  (let [v (rw/check (subvec trim-violation 0 2))]
    (is (= true (:valid? v)))
    (is (= :log (:checker v)))))

(deftest a-read-after-a-trim-is-invalid-and-explained
  (let [v (rw/check trim-violation)]
    (is (= false (:valid? v)))
    (is (= "read of position 7 returned a7 after trim 9 completed" (:reason v)))
    (is (= #{3 5} (set (map :index (:offending v)))))
    (is (= {:from 2 :to 5} (select-keys (:window v) [:from :to])))
    (testing "the offending ops are Jepsen op maps"
      (is (= :read (:f (last (:offending v))))))))

(deftest wgl-agrees-and-other-models-work
  (is (= false (:valid? (rw/check trim-violation {:algorithm :wgl}))))
  (let [register [{:type :invoke :f :write :value 1 :process 0}
                  {:type :ok :f :write :value 1 :process 0}
                  {:type :invoke :f :read :value nil :process 1}
                  {:type :ok :f :read :value 2 :process 1}]]
    (is (= false (:valid? (rw/check register {:model :register}))))
    (is (= true (:valid? (rw/check (subvec register 0 2) {:model :register}))))
    (let [concurrent [{:type :invoke :f :write :value 1 :process 0}
                      {:type :invoke :f :write :value 2 :process 1}
                      {:type :ok :f :write :value 1 :process 0}
                      {:type :ok :f :write :value 2 :process 1}]]
      (is (= :unknown (:valid? (rw/check concurrent {:model :register :budget-states 1})))))))

(deftest a-jepsen-style-checker-fn
  (let [check (rw/checker)]
    (is (= false (:valid? (check {:name "test"} trim-violation {}))))))

(deftest histories-read-from-edn-text-check-the-same
  (let [text (apply str (map #(str (pr-str %) "\n") trim-violation))
        ops  (mapv edn/read-string (remove empty? (clojure.string/split-lines text)))]
    ;; :stats holds the wall time of each check, which differs between two runs on a busy machine
    (is (= (dissoc (rw/check trim-violation) :stats) (dissoc (rw/check ops) :stats)))))

(deftest bad-input-throws-naming-line-and-field
  (let [e (try (rw/check [{:type :okay :f :append :value {:payload "a"} :process 1}])
               nil
               (catch clojure.lang.ExceptionInfo e e))]
    (is (some? e))
    (is (= :ringworld/bad-input (:type (ex-data e))))
    (is (= [{:line 1 :field ":type"}] (mapv #(select-keys % [:line :field]) (:problems (ex-data e)))))))

(deftest the-timeline-is-html
  (is (re-find #"<svg" (rw/timeline-html trim-violation))))
