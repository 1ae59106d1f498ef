import { Link } from 'react-router-dom';

/** The way back to the list and the schedule's name, the heading its page is labelled by. */
export function ScheduleHeading({ name }: { name: string }) {
  return (
    <>
      <p className="text-sm">
        <Link to="/schedules" className="text-blue-700 underline underline-offset-2 hover:text-blue-900">
          On-call schedules
        </Link>
      </p>
      <h1 id="schedule-title" className="text-xl font-semibold text-slate-900">
        {name}
      </h1>
    </>
  );
}
