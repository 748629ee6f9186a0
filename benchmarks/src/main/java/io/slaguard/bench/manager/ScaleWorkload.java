package io.slaguard.bench.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.slaguard.bench.manager.TelemetryPusher.Call;
import io.slaguard.protocol.Ids;

/**
 * The scale scenario: {@code jobs} map jobs of {@code callsPerJob} calls spread over {@code instances} executor
 * sessions, every call started. A share of each job finished after about {@link #FINISHED_SECONDS}; the rest are
 * running, started within the last minute (well inside 1.3 × the mean, so they stay quiet for the run), except
 * {@code stragglersPerJob} calls per job that have been running for {@link #STRAGGLER_SECONDS} and so violate
 * tooLong at every tick. Memory grows with the instance index, so instance costs differ and a budget in between
 * splits them into violating and quiet instances.
 */
record ScaleWorkload(List<Job> jobs) {
    static final String FUNCTION = "bench";
    static final double FINISHED_SECONDS = 300;
    static final double STRAGGLER_SECONDS = 1200;

    record Job(String instance, String jobId, int memoryMb, List<Call> calls) {
    }

    static ScaleWorkload plan(int jobCount, int callsPerJob, int instances, double finishedShare,
                              int stragglersPerJob, double now, long seed) {
        if (jobCount % instances != 0) {
            throw new IllegalArgumentException("jobs (" + jobCount + ") must be a multiple of instances (" + instances + ")");
        }
        int finishedPerJob = (int) Math.round(callsPerJob * finishedShare);
        if (finishedPerJob + stragglersPerJob > callsPerJob) {
            throw new IllegalArgumentException("finished calls and stragglers exceed the calls of a job");
        }
        Random random = new Random(seed);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String instance = Ids.newInstance();
            String executor = Ids.executorId(instance, 0);
            int memory = 256 * (i + 1);
            for (int j = 0; j < jobCount / instances; j++) {
                Ids.JobRef job = Ids.job(executor, Ids.JobKind.MAP, j);
                List<Call> calls = new ArrayList<>(callsPerJob);
                for (int c = 0; c < callsPerJob; c++) {
                    String callId = job.call(c).callId();
                    double start;
                    double end = Double.NaN;
                    if (c < finishedPerJob) {
                        start = now - 900 + 60 * random.nextDouble();
                        end = start + FINISHED_SECONDS - 30 + 60 * random.nextDouble();
                    } else if (c >= callsPerJob - stragglersPerJob) {
                        start = now - STRAGGLER_SECONDS;
                    } else {
                        start = now - 60 * random.nextDouble();
                    }
                    calls.add(new Call(instance, job.jobId(), callId, FUNCTION, start, end));
                }
                jobs.add(new Job(instance, job.jobId(), memory, calls));
            }
        }
        return new ScaleWorkload(List.copyOf(jobs));
    }

    List<Call> calls() {
        return jobs.stream().flatMap(j -> j.calls().stream()).toList();
    }

    List<String> instances() {
        return jobs.stream().map(Job::instance).distinct().toList();
    }

    long finishedCalls() {
        return calls().stream().filter(Call::finished).count();
    }
}
